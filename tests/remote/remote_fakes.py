"""A small real HTTP server on loopback playing an unwell SPARQL endpoint (imported by name from tests/remote).

:class:`FakeUpstream` is a socket server in a thread. Its ``mode`` decides
each answer:

* ``"ok"``: a whole SPARQL JSON answer at once;
* ``"trickle-body"``: the headers at once, then the body one byte every
  ``gap`` seconds;
* ``"trickle-headers"``: the status line and headers one byte every ``gap``
  seconds;
* ``"error"``: HTTP 500 at once; ``"heavy"``: HTTP 500 with Virtuoso's
  timeout error for one query; ``"bad"``: HTTP 400 (a query the server
  refuses); ``"reset"``: the connection closed without an answer;
* ``"capped"``: a server with a silent row cap: a CONSTRUCT gets
  ``graph_size`` triples (N-Triples), a SELECT ``?d0 ... LIMIT n`` gets
  ``min(n, select_cap)`` rows (``select_cap`` None: n) and no header, or
  a 400 if ``refuse_selects``.

``only_if`` (a substring), when set, limits the mode to queries holding it;
others are answered whole at once. It counts connections and requests, and records for each trickled answer whether the
client closed the connection before the answer was complete (``aborted``).
"""

from __future__ import annotations

import json
import re
import socket
import socketserver
import threading
import time
from urllib.parse import parse_qs

import uvicorn

ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()
#: A long but valid SELECT answer (about 2 KB): at one byte per ``gap`` it takes minutes.
LONG_SELECT = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
    {"s": {"type": "uri", "value": f"http://example.org/{i}"}} for i in range(60)]}}).encode()

#: Error answers by mode: status line, plain-text body.
ERRORS = {
    "error": ("500 Internal Server Error", "broken"),
    "heavy": ("500 SPARQL Request Failed", "Virtuoso S1T00 Error SR171: Transaction timed out"),
    "bad": ("400 Bad Request", "Virtuoso 37000 Error SP030: SPARQL compiler: syntax error"),
}


class FakeUpstream:
    def __init__(self, mode: str = "ok", gap: float = 0.05):
        self.mode = mode
        self.gap = gap
        self.graph_size = 0
        self.select_cap: int | None = None
        self.refuse_selects = False
        self.selects = 0
        self.only_if: str | None = None
        self.trickling = 0                    # trickled answers being sent now
        self.connections = 0
        self.requests = 0
        self.aborted = threading.Event()      # a client closed a trickled answer before its end
        self.completed = threading.Event()    # a trickled answer was sent whole
        self._lock = threading.Lock()
        upstream = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                with upstream._lock:
                    upstream.connections += 1
                upstream._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeUpstream":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.mode = "reset"  # trickling handlers notice and stop
        self._server.shutdown()
        self._server.server_close()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(30)
        while True:  # keep-alive: one request after another on this connection
            query = _read_request(sock)
            if query is None:
                return
            with self._lock:
                self.requests += 1
            mode = self.mode if self.only_if is None or self.only_if in query else "ok"
            if mode == "reset":
                return
            if mode == "capped":
                _send(sock, self._capped_answer(query))
                continue
            if mode in ERRORS:
                status, text = ERRORS[mode]
                _send(sock, f"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\n"
                            f"Content-Length: {len(text)}\r\n\r\n{text}".encode())
                continue
            body = ASK_TRUE if mode == "ok" else LONG_SELECT
            head = (f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode()
            if mode == "ok":
                _send(sock, head + body)
                continue
            at_once, trickled = (b"", head + body) if mode == "trickle-headers" else (head, body)
            with self._lock:
                self.trickling += 1
            try:
                sock.sendall(at_once)
                for byte in trickled:
                    if self.mode == "reset":
                        return
                    sock.sendall(bytes([byte]))
                    time.sleep(self.gap)
            except OSError:
                self.aborted.set()
                return
            finally:
                with self._lock:
                    self.trickling -= 1
            self.completed.set()

    def _capped_answer(self, query: str) -> bytes:
        if query.lstrip().upper().startswith("CONSTRUCT"):
            ctype = "application/n-triples"
            body = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n"
                           for i in range(self.graph_size)).encode()
        else:
            with self._lock:
                self.selects += 1
            if self.refuse_selects:
                text = ERRORS["bad"][1]
                return (f"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
                        f"Content-Length: {len(text)}\r\n\r\n{text}").encode()
            limit = int(re.search(r"LIMIT (\d+)", query).group(1))
            rows = limit if self.select_cap is None else min(limit, self.select_cap)
            ctype = "application/sparql-results+json"
            body = json.dumps({"head": {"vars": ["d0"]}, "results": {"bindings": [
                {"d0": {"type": "literal", "value": "0"}}] * rows}}).encode()
        return (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def _read_request(sock: socket.socket) -> str | None:
    """Read one request (headers and a Content-Length body): its ``query`` field; None at the end of the connection."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            rest += chunk
    except OSError:
        return None
    return parse_qs(rest.decode("utf-8", "replace")).get("query", [""])[0]


def _send(sock: socket.socket, data: bytes) -> None:
    try:
        sock.sendall(data)
    except OSError:
        pass


class LiveApp:
    """uvicorn serving an app on a free loopback port, in a thread; a context manager yielding the base URL."""

    def __init__(self, app):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(15)
