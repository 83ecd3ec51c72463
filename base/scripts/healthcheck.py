"""HEALTHCHECK probe: GET http://127.0.0.1:$PORT/health/$AGENT_NAME must answer 200.

Standard library only, so the image needs no curl or wget.
"""
import os
import sys
import urllib.request


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/{os.environ.get('AGENT_NAME', 'agent')}"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"health probe {url} failed: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
