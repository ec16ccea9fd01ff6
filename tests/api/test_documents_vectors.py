"""`retrieveVectors` on the documents routes (Meilisearch's `_vectors` shape)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.engine import Engine
from tests.conftest import make_settings


def test_documents_routes_retrieve_vectors(tmp_path: Path) -> None:
    engine = Engine(make_settings(tmp_path))
    settings = {"embedders": {"manual": {"source": "userProvided", "dimensions": 2}}}
    engine.wait_for_task(engine.create_index("v", "id", settings).uid)
    docs = [{"id": 1, "_vectors": {"manual": [3.0, 4.0]}}, {"id": 2, "_vectors": {"manual": None}}]
    engine.wait_for_task(engine.add_documents("v", docs).uid)
    with TestClient(create_app(engine, run_worker=False)) as client:
        fetched = client.post("/indexes/v/documents/fetch", json={"retrieveVectors": True}).json()[
            "results"
        ]
        first = fetched[0]["_vectors"]["manual"]
        assert first["regenerate"] is False
        assert first["embeddings"][0] == pytest.approx([0.6, 0.8])  # stored unit-length
        assert fetched[1]["_vectors"]["manual"]["embeddings"] == []
        one = client.get("/indexes/v/documents/1", params={"retrieveVectors": "true"}).json()
        assert one["_vectors"]["manual"]["embeddings"][0] == pytest.approx([0.6, 0.8])
        assert "_vectors" not in client.get("/indexes/v/documents/1").json()
        bad = client.get("/indexes/v/documents", params={"retrieveVectors": "maybe"})
        assert bad.status_code == 400
    engine.close()
