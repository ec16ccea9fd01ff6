"""Remote embedders against a local HTTP server that speaks each API (no network needed)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import numpy as np
import pytest

from souk.retrieval.embedders import EmbedderError, create_embedder


def fake_vector(text: str) -> list[float]:
    return [float(len(text)), 1.0, 0.0]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append((self.path, dict(self.headers), body))  # type: ignore[attr-defined]
        if self.path == "/fail":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"boom")
            return
        if self.path == "/v1/embeddings":
            answer: Any = {
                "data": [
                    {"index": i, "embedding": fake_vector(t)} for i, t in enumerate(body["input"])
                ]
            }
        elif self.path == "/api/embed":
            answer = {"embeddings": [fake_vector(t) for t in body["input"]]}
        else:
            answer = {"result": {"vector": fake_vector(body["payload"]["content"])}}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def base(server: HTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_port}"


@pytest.mark.parametrize(
    "config",
    [
        {
            "source": "openAi",
            "url": "/v1/embeddings",
            "apiKey": "sk-test",
            "model": "m",
            "dimensions": 3,
        },
        {"source": "ollama", "url": "/api/embed", "model": "m", "dimensions": 3},
        {
            "source": "rest",
            "url": "/rest",
            "dimensions": 3,
            "request": {"payload": {"content": "{{text}}"}},
            "response": {"result": {"vector": "{{embedding}}"}},
        },
    ],
)
def test_remote_sources(server: HTTPServer, config: dict[str, Any]) -> None:
    embedder = create_embedder({**config, "url": base(server) + config["url"]}, cache_size=0)
    vectors = embedder.embed_documents(["ab", "abcd"])
    assert vectors.shape == (2, 3)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    expected = np.asarray(fake_vector("abcd")) / np.linalg.norm(fake_vector("abcd"))
    assert np.allclose(vectors[1], expected)
    assert np.allclose(embedder.embed_query("abcd"), expected)
    if config["source"] == "openAi":
        headers = server.seen[0][1]  # type: ignore[attr-defined]
        assert headers["Authorization"] == "Bearer sk-test"


def test_errors_are_clear(server: HTTPServer) -> None:
    failing = create_embedder(
        {"source": "openAi", "url": base(server) + "/fail", "dimensions": 3}, cache_size=0
    )
    with pytest.raises(EmbedderError, match="answered 500"):
        failing.embed_query("x")
    wrong = create_embedder(
        {"source": "ollama", "url": base(server) + "/api/embed", "model": "m", "dimensions": 5},
        cache_size=0,
    )
    with pytest.raises(EmbedderError, match="expected 5 dimensions"):
        wrong.embed_query("x")
    with pytest.raises(EmbedderError, match="request"):
        create_embedder({"source": "rest", "url": "http://x", "dimensions": 3})
