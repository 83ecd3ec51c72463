"""Tiny shared HTTP runtime for agents (standard library only).

Every agent gets GET /health/<agent> for free and registers its own routes. The health
endpoint must not depend on the agent's heavy libraries, so those are imported lazily
inside the route handlers. SIGTERM stops the server cleanly and the process exits 0.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlparse

Request = dict[str, Any]
Response = tuple[int, Any]
Handler = Callable[[Request], Response]

log = logging.getLogger("agent")


class HttpError(Exception):
    """Raised by a handler to answer with a status and a message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _make_handler(agent: str, routes: dict[tuple[str, str], Handler]) -> type[BaseHTTPRequestHandler]:
    health_path = f"/health/{agent}"

    class AgentHandler(BaseHTTPRequestHandler):
        def _send(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self) -> Any:
            length = int(self.headers.get("content-length") or 0)
            if length == 0:
                return {}
            try:
                return json.loads(self.rfile.read(length))
            except json.JSONDecodeError as error:
                raise HttpError(400, f"body is not JSON: {error}") from error

        def _dispatch(self, method: str) -> None:
            url = urlparse(self.path)
            if method == "GET" and url.path == health_path:
                return self._send(200, {"status": "ok", "agent": agent})
            route = routes.get((method, url.path))
            if route is None:
                return self._send(404, {"error": f"no route for {method} {url.path}"})
            query = {key: values[-1] for key, values in parse_qs(url.query).items()}
            try:
                self._send(*route({"query": query, "body": self._body() if method == "POST" else {}}))
            except HttpError as error:
                self._send(error.status, {"error": str(error)})
            except Exception as error:  # a failing handler must not kill the server
                log.exception("handler failed")
                self._send(500, {"error": str(error)})

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            self._dispatch("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._dispatch("POST")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            log.info("%s %s", self.address_string(), format % args)

    return AgentHandler


def serve(agent: str, routes: dict[tuple[str, str], Handler], port: int | None = None) -> None:
    """Serves until SIGTERM or SIGINT, then returns (exit code 0)."""
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    server = ThreadingHTTPServer(("0.0.0.0", port or int(os.environ.get("PORT", "8000"))), _make_handler(agent, routes))
    server.daemon_threads = True

    def stop(signum: int, _frame: Any) -> None:
        log.info("%s received: shutting down", signal.Signals(signum).name)
        # shutdown() blocks until serve_forever returns, so call it off the main thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("%s agent listening on :%d", agent, server.server_address[1])
    server.serve_forever()
    server.server_close()
