"""Local webhook endpoints for tests: one that records what it gets (optionally failing first),
and one that accepts connections but never answers."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson


@dataclass
class Received:
    """What a receiving endpoint got; ``fail_first`` POSTs are answered ``fail_status``."""

    fail_first: int = 0
    fail_status: int = 500
    attempts: int = 0
    headers: list[dict[str, str]] = field(default_factory=list)
    batches: list[list[dict[str, Any]]] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def uids(self) -> list[int]:
        with self.arrived:
            return [task["uid"] for batch in self.batches for task in batch]

    def wait_for(self, uid: int, timeout: float = 10.0) -> bool:
        """Whether task ``uid`` arrived within ``timeout`` seconds."""
        with self.arrived:
            return self.arrived.wait_for(
                lambda: any(t["uid"] == uid for b in self.batches for t in b), timeout
            )


@contextmanager
def receiver(fail_first: int = 0, fail_status: int = 500) -> Iterator[tuple[str, Received]]:
    """A local endpoint recording gzip NDJSON batches: (its URL, what it received)."""
    got = Received(fail_first=fail_first, fail_status=fail_status)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with got.arrived:
                got.attempts += 1
                failing = got.attempts <= got.fail_first
                if not failing:
                    got.headers.append(dict(self.headers.items()))
                    lines = gzip.decompress(body).splitlines()
                    got.batches.append([orjson.loads(line) for line in lines])
                    got.arrived.notify_all()
            self.send_response(got.fail_status if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", got
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def hung_endpoint() -> Iterator[str]:
    """A URL whose server takes the connection (the kernel's backlog) and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
    finally:
        sock.close()
