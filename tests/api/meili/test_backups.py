"""``POST /dumps`` and ``POST /snapshots``: Meilisearch's shapes, their tasks, their actions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from souk.store.backup import read_metadata
from tests.api.access_helpers import Api, make_app


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    engine, app = make_app(tmp_path)
    with TestClient(app) as client:
        api = Api(client, engine)
        api.wait(api.call("POST", "/indexes", json={"uid": "shop", "primaryKey": "id"}))
        api.wait(api.call("POST", "/indexes/shop/documents", json=[{"id": 1, "title": "boot"}]))
        yield api
    engine.close()


def test_a_dump_is_an_index_less_task_that_names_its_file(api: Api) -> None:
    response = api.call("POST", "/dumps")
    assert response.status_code == 202
    summary = response.json()
    assert summary["type"] == "dumpCreation" and summary["status"] == "enqueued"
    assert summary["indexUid"] is None and isinstance(summary["taskUid"], int)
    assert set(summary) >= {"taskUid", "indexUid", "status", "type", "enqueuedAt"}
    task = api.wait(response)
    assert task["type"] == "dumpCreation" and task["indexUid"] is None
    uid = task["details"]["dumpUid"]
    path = api.engine.config.dumps_path / f"{uid}.dump"
    metadata = read_metadata(path)
    assert metadata.uid == uid and metadata.tables["souk_documents"].rows == 1
    listed = api.ok("GET", "/tasks", params={"types": "dumpCreation"})["results"]
    assert [t["uid"] for t in listed] == [task["uid"]]


def test_a_snapshot_is_an_index_less_task(api: Api) -> None:
    response = api.call("POST", "/snapshots")
    assert response.status_code == 202
    assert response.json()["type"] == "snapshotCreation"
    task = api.wait(response)
    assert task["indexUid"] is None and task["error"] is None
    (snapshot,) = api.engine.config.snapshots_path.glob("*.snapshot")
    assert read_metadata(snapshot).kind.value == "snapshot"


@pytest.mark.parametrize(
    ("path", "action"), [("/dumps", "dumps.create"), ("/snapshots", "snapshots.*")]
)
def test_each_needs_its_action(api: Api, path: str, action: str) -> None:
    assert api.call("POST", path, key=None).status_code == 401
    weak = api.new_key(["search", "tasks.get"], ["*"])["key"]
    forbidden = api.call("POST", path, key=weak)
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "invalid_api_key"
    allowed = api.new_key([action], ["*"])["key"]
    assert api.call("POST", path, key=allowed).status_code == 202
