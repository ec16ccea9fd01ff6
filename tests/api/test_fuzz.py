"""A short, bounded schemathesis run against /openapi.json: no request may produce a 5xx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from souk.api.app import create_app
from souk.config import Settings
from souk.engine import Engine

_root = Path(__import__("tempfile").mkdtemp(prefix="souk-fuzz-"))
_engine = Engine(Settings(data_dir=_root / "data", writer_heap_mb=32, default_embedder="none"))
_app = create_app(_engine, run_worker=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", _app)


@pytest.fixture(scope="module", autouse=True)
def seeded_index() -> Any:
    """One real index with documents, so fuzzed requests reach past 'index not found'."""
    task = _engine.create_index("fuzz", "id", {"embedders": {}, "filterableAttributes": ["c"]})
    _engine.wait_for_task(task.uid)
    _engine.wait_for_task(_engine.add_documents("fuzz", [{"id": 1, "t": "red", "c": 2}]).uid)
    yield
    _engine.close()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: schemathesis.Case) -> None:
    if case.path_parameters and "uid" in case.path_parameters:
        case.path_parameters["uid"] = "fuzz"
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if response.status_code >= 400 and response.content:
        body = response.json()
        assert {"message", "code", "type", "link"} <= set(body), body
