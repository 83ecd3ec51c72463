"""chat agent: GET /health/chat and POST /v1/tokens {"text": ..., "encoding": "cl100k_base"}.

tiktoken fetches an encoding once and caches it in TIKTOKEN_CACHE_DIR (default /data/tiktoken),
so later starts work offline when /data is a volume.
"""
import os

from agent_runtime import HttpError, Request, Response, serve


def count_tokens(request: Request) -> Response:
    import tiktoken  # heavy: loaded on first use, not for /health

    text = request["body"].get("text")
    if not isinstance(text, str):
        raise HttpError(400, 'body must be {"text": "<string>"}')
    encoding = tiktoken.get_encoding(request["body"].get("encoding", "cl100k_base"))
    tokens = encoding.encode(text)
    return 200, {"encoding": encoding.name, "tokens": len(tokens)}


if __name__ == "__main__":
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", "/data/tiktoken")
    serve("chat", {("POST", "/v1/tokens"): count_tokens})
