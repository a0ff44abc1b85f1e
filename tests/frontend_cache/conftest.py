import http.server
import json
import threading
from dataclasses import dataclass, field

import pytest


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Stub:
    """An HTTP server on loopback that records every request and answers what it is told to."""

    url: str
    requests: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # (status, body) for the next requests, in order
    default: tuple = (200, b'{"success": true, "errors": [], "result": {"id": "x"}}')


@pytest.fixture
def stub():
    seen = Stub(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen.requests.append(Seen(self.command, self.path, dict(self.headers.items()), body))
            status, content = seen.answers.pop(0) if seen.answers else seen.default
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PURGE = answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    seen.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield seen
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(settings):
    """Purges of the pages of https://www.example.com, once (no repeat thread)."""
    settings.FRONTEND_CACHE_BASE_URLS = ["https://www.example.com"]
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 0
    settings.FRONTEND_CACHE_TIMEOUT = 2
    return settings
