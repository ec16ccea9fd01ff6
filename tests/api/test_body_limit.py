"""The body limit holds without a Content-Length too (chunked uploads are counted as they come)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.engine import Engine
from tests.conftest import make_settings

LIMIT = 1000


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    engine = Engine(settings)
    with TestClient(create_app(engine, run_worker=False, max_body_bytes=LIMIT)) as test_client:
        yield test_client
    engine.close()


def _chunked(size: int) -> Iterator[bytes]:
    """A JSON object of about ``size`` bytes, sent in pieces (so without a Content-Length)."""
    yield b'{"q": "'
    for _ in range(size // 100):
        yield b"x" * 100
    yield b'"}'


@pytest.mark.parametrize(
    "path",
    [
        "/indexes/shop/search",
        "/indexes/shop/documents",
        "/indexes/shop/events",
        "/indexes/shop/settings/synonyms",
        "/multi-search",
        "/v1/chat/completions",
    ],
)
def test_a_chunked_body_over_the_limit_is_413(client: TestClient, path: str) -> None:
    headers = {"content-type": "application/json"}
    response = client.post(path, content=_chunked(LIMIT * 10), headers=headers)
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "payload_too_large"
    small = client.post(path, content=_chunked(LIMIT // 2), headers=headers)
    assert small.status_code != 413
