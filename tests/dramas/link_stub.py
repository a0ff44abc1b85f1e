"""A partner's site on loopback for the link checker's tests: `http.server` in a thread, on the
first free port of 18140–18159, answering by path.

| path | HEAD | GET |
| --- | --- | --- |
| `/ok` | 200 | 200 |
| `/moved` | 301 to `/ok` | same |
| `/missing` | 404 | 404 |
| `/error` | 500 | 500 |
| `/no-head` | 405 | 200 |
| `/no-head-big` | 405 | 200, then a body dribbled out over seconds (a checker that reads it is slow) |
| `/slow` | answers after `SLOW_SECONDS` | same |
| `/loop` | 302 to itself | same |
| `/to-ftp` | 301 to an ftp:// address | same |
| `/flaky` | 503 until `/flaky` was asked `flaky_failures` times, then 200 | same |

A query string is ignored. Every request is logged as (method, path without the query, Host
header, `clock()` when it arrived).
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTS = range(18140, 18160)
SLOW_SECONDS = 1.5


class Stub:
    def __init__(self):
        self.log = []
        self.clock = time.monotonic
        self.flaky_failures = 2
        self.server = None
        for port in PORTS:
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), self.handler())
                break
            except OSError:
                continue
        if self.server is None:
            raise RuntimeError("no free port in 18140–18159 for the stub site")
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path, host="127.0.0.1"):
        return f"http://{host}:{self.port}{path}"

    def requests_to(self, path):
        return [(method, at) for method, logged, _host, at in self.log if logged == path]

    def handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.answer(body=False)

            def do_GET(self):
                self.answer(body=True)

            def send(self, status, headers=(), body=b""):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                if not any(name == "Content-Length" for name, _ in headers):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command == "GET" and body:
                    self.wfile.write(body)

            def answer(self, *, body):
                path = self.path.partition("?")[0]
                stub.log.append((self.command, path, self.headers.get("Host"), stub.clock()))
                if path == "/ok":
                    self.send(200, body=b"ok")
                elif path == "/moved":
                    self.send(301, [("Location", "/ok")])
                elif path == "/missing":
                    self.send(404, body=b"not here")
                elif path == "/error":
                    self.send(500, body=b"oops")
                elif path == "/no-head":
                    self.send(200 if body else 405, body=b"ok")
                elif path == "/no-head-big":
                    self.no_head_big(body)
                elif path == "/slow":
                    time.sleep(SLOW_SECONDS)
                    self.send(200)
                elif path == "/loop":
                    self.send(302, [("Location", "/loop")])
                elif path == "/to-ftp":
                    self.send(301, [("Location", "ftp://files.example/drama.mp4")])
                elif path == "/flaky":
                    asked = len(stub.requests_to("/flaky"))
                    self.send(503 if asked <= stub.flaky_failures else 200)
                else:
                    self.send(404)

            def no_head_big(self, body):
                if not body:
                    self.send(405)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(50 * 1024 * 1024))
                self.end_headers()
                try:
                    for _chunk in range(20):
                        self.wfile.write(b"x" * 65536)
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:  # the checker hung up without reading: what it should do
                    pass

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class FakeClock:
    """A clock that moves only when slept on; remembers each sleep."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
