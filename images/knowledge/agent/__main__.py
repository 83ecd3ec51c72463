"""knowledge agent: GET /health/knowledge, POST /v1/notes {"title", "body"}, GET /v1/notes?q=...

Notes are rows in SQLite through SQLAlchemy (KNOWLEDGE_DB, default /data/knowledge.db) and
are indexed for full-text search by Whoosh (WHOOSH_DIR, default /data/whoosh).
"""
import os
import threading

from agent_runtime import HttpError, Request, Response, serve

_lock = threading.Lock()  # Whoosh allows one writer; the server is threaded
_store = None


def store():
    global _store
    if _store is None:
        from agent.store import NoteStore  # heavy: loaded on first use, not for /health

        _store = NoteStore(os.environ.get("KNOWLEDGE_DB", "/data/knowledge.db"), os.environ.get("WHOOSH_DIR", "/data/whoosh"))
    return _store


def add_note(request: Request) -> Response:
    title, body = request["body"].get("title"), request["body"].get("body")
    if not isinstance(title, str) or not isinstance(body, str):
        raise HttpError(400, 'body must be {"title": "<string>", "body": "<string>"}')
    with _lock:
        return 201, {"id": store().add(title, body)}


def search(request: Request) -> Response:
    query = request["query"].get("q")
    if not query:
        raise HttpError(400, "missing query parameter: q")
    return 200, {"notes": store().search(query)}


if __name__ == "__main__":
    serve("knowledge", {("POST", "/v1/notes"): add_note, ("GET", "/v1/notes"): search})
