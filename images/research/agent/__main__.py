"""research agent: GET /health/research and POST /v1/extract {"html": ...} → title and links.

selenium is installed for agents that drive a remote browser (SELENIUM_URL); the extract
endpoint works on HTML it is given, so it needs no browser.
"""
from agent_runtime import HttpError, Request, Response, serve


def extract(request: Request) -> Response:
    from bs4 import BeautifulSoup  # loaded on first use, not for /health

    html = request["body"].get("html")
    if not isinstance(html, str):
        raise HttpError(400, 'body must be {"html": "<string>"}')
    soup = BeautifulSoup(html, "html.parser")
    links = [a["href"] for a in soup.find_all("a", href=True)]
    return 200, {"title": soup.title.string if soup.title else None, "links": links}


if __name__ == "__main__":
    serve("research", {("POST", "/v1/extract"): extract})
