"""Indexes through the SDK: create, read, update, delete, swap, stats, health and version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import meilisearch
import pytest
from meilisearch.errors import MeilisearchApiError

from tests.compat.conftest import PRODUCTS, MakeIndex, WaitOk

pytestmark = pytest.mark.compat


def test_health_and_version(client: meilisearch.Client) -> None:
    assert client.health() == {"status": "available"}
    assert client.is_healthy()
    version = client.get_version()
    assert {"pkgVersion", "commitSha", "commitDate"} <= set(version)


def test_create_and_get_index(
    client: meilisearch.Client, wait_ok: WaitOk, new_uid: Callable[[], str]
) -> None:
    uid = new_uid()
    info = client.create_index(uid, {"primaryKey": "sku"})
    assert info.type == "indexCreation"
    assert info.status == "enqueued"
    assert info.index_uid == uid
    task = wait_ok(info)
    assert task.details == {"primaryKey": "sku"}
    index = client.get_index(uid)
    assert index.uid == uid
    assert index.primary_key == "sku"
    assert index.created_at is not None and index.updated_at is not None
    raw = client.get_raw_index(uid)
    assert set(raw) == {"uid", "primaryKey", "createdAt", "updatedAt"}
    assert uid in [i.uid for i in client.get_indexes({"limit": 1000})["results"]]


def test_create_existing_index_fails_the_task(
    client: meilisearch.Client, make_index: MakeIndex
) -> None:
    index = make_index([])
    task = client.wait_for_task(client.create_index(index.uid).task_uid)
    assert task.status == "failed"
    assert task.error is not None
    assert task.error["code"] == "index_already_exists"
    assert task.error["type"] == "invalid_request"


def test_list_indexes_paginates(client: meilisearch.Client, make_index: MakeIndex) -> None:
    for _ in range(3):
        make_index([])
    raw = client.http.get("indexes?limit=2&offset=1")
    assert raw["limit"] == 2
    assert raw["offset"] == 1
    assert len(raw["results"]) == 2
    assert raw["total"] >= 3
    # get_raw_indexes returns the whole page despite its list annotation.
    every: Any = client.get_raw_indexes({"limit": 1000})
    uids = [i["uid"] for i in every["results"]]
    assert uids == sorted(uids)  # Meilisearch lists indexes by uid


def test_update_primary_key(
    client: meilisearch.Client, make_index: MakeIndex, wait_ok: WaitOk
) -> None:
    empty = make_index([])
    task = wait_ok(empty.update(primary_key="sku"))
    assert task.type == "indexUpdate"
    assert client.get_index(empty.uid).primary_key == "sku"
    full = make_index()
    failed = client.wait_for_task(full.update(primary_key="title").task_uid)
    assert failed.status == "failed"
    assert failed.error is not None
    assert failed.error["code"] == "index_primary_key_already_exists"


def test_delete_index(client: meilisearch.Client, make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index()
    task = wait_ok(client.delete_index(index.uid))
    assert task.type == "indexDeletion"
    assert task.details is not None and task.details["deletedDocuments"] == len(PRODUCTS)
    with pytest.raises(MeilisearchApiError) as err:
        client.get_index(index.uid)
    assert err.value.status_code == 404
    assert err.value.code == "index_not_found"


def test_unknown_index_and_invalid_uid(client: meilisearch.Client) -> None:
    with pytest.raises(MeilisearchApiError) as err:
        client.get_index("compat_never_created")
    assert err.value.status_code == 404
    assert err.value.code == "index_not_found"
    assert err.value.type == "invalid_request"
    with pytest.raises(MeilisearchApiError) as err:
        client.create_index("bad uid!")
    assert err.value.status_code == 400
    assert err.value.code == "invalid_index_uid"


def test_swap_indexes(client: meilisearch.Client, make_index: MakeIndex, wait_ok: WaitOk) -> None:
    left = make_index([{"id": 1, "side": "left"}])
    right = make_index([{"id": 1, "side": "right"}, {"id": 2, "side": "right"}])
    task = wait_ok(client.swap_indexes([{"indexes": [left.uid, right.uid]}]))
    assert task.type == "indexSwap"
    assert task.index_uid is None
    assert task.details is not None
    assert task.details["swaps"][0]["indexes"] == [left.uid, right.uid]
    assert left.get_document(1).side == "right"
    assert left.get_documents().total == 2
    assert right.get_document(1).side == "left"
    assert right.get_documents().total == 1


def test_swap_with_missing_index_fails(client: meilisearch.Client, make_index: MakeIndex) -> None:
    index = make_index([])
    info = client.swap_indexes([{"indexes": [index.uid, "compat_swap_missing"]}])
    task = client.wait_for_task(info.task_uid)
    assert task.status == "failed"
    assert task.error is not None and task.error["code"] == "index_not_found"


def test_stats(client: meilisearch.Client, make_index: MakeIndex) -> None:
    index = make_index()
    stats = index.get_stats()
    assert stats.number_of_documents == len(PRODUCTS)
    assert stats.is_indexing is False
    assert stats.field_distribution.brand == len(PRODUCTS)
    everything = client.get_all_stats()
    assert everything["indexes"][index.uid]["numberOfDocuments"] == len(PRODUCTS)
    assert "databaseSize" in everything
