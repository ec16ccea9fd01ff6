"""Tasks through the SDK: one task's fields, listing with filters and pagination, deletion."""

from __future__ import annotations

import meilisearch
import pytest
from meilisearch.errors import MeilisearchApiError

from tests.compat.conftest import MakeIndex, WaitOk

pytestmark = pytest.mark.compat


def test_task_fields(client: meilisearch.Client, make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index([])
    info = index.add_documents([{"id": 1, "title": "one"}])
    done = wait_ok(info)
    task = client.get_task(info.task_uid)
    assert task == done
    assert task.uid == info.task_uid
    assert task.index_uid == index.uid
    assert task.type == "documentAdditionOrUpdate"
    assert task.enqueued_at <= task.started_at <= task.finished_at  # type: ignore[operator]
    assert task.duration is not None and task.duration.startswith("PT")
    assert task.error is None
    assert index.get_task(info.task_uid).uid == info.task_uid


def test_task_not_found(client: meilisearch.Client) -> None:
    with pytest.raises(MeilisearchApiError) as err:
        client.get_task(987_654_321)
    assert err.value.status_code == 404
    assert err.value.code == "task_not_found"


def test_list_tasks_with_filters(
    client: meilisearch.Client, make_index: MakeIndex, wait_ok: WaitOk
) -> None:
    index = make_index([{"id": 1}])
    wait_ok(index.update_filterable_attributes(["id"]))
    failing = index.add_documents([{"id": "bad id!"}])
    assert client.wait_for_task(failing.task_uid).status == "failed"

    mine = client.get_tasks({"indexUids": [index.uid]})
    assert [t.type for t in mine.results] == [
        "documentAdditionOrUpdate",
        "settingsUpdate",
        "documentAdditionOrUpdate",
        "indexCreation",
    ]
    assert mine.total == 4
    uids = [t.uid for t in mine.results]
    assert uids == sorted(uids, reverse=True)

    settings = client.get_tasks({"indexUids": [index.uid], "types": ["settingsUpdate"]})
    assert [t.type for t in settings.results] == ["settingsUpdate"]

    failed = client.get_tasks({"indexUids": [index.uid], "statuses": ["failed"]})
    assert [t.uid for t in failed.results] == [failing.task_uid]
    assert failed.results[0].error is not None
    assert failed.results[0].error["code"] == "invalid_document_id"

    by_uid = client.get_tasks({"uids": [str(failing.task_uid)]})
    assert [t.uid for t in by_uid.results] == [failing.task_uid]

    assert [t.uid for t in index.get_tasks().results] == uids


def test_list_tasks_pagination(
    client: meilisearch.Client, make_index: MakeIndex, wait_ok: WaitOk
) -> None:
    index = make_index([])
    for n in range(3):
        wait_ok(index.add_documents([{"id": n}]))
    every = [t.uid for t in client.get_tasks({"indexUids": [index.uid]}).results]
    page = client.get_tasks({"indexUids": [index.uid], "limit": 2})
    assert page.limit == 2
    assert [t.uid for t in page.results] == every[:2]
    assert page.next_ == every[2]
    rest = client.get_tasks({"indexUids": [index.uid], "limit": 2, "from": page.next_})
    assert [t.uid for t in rest.results] == every[2:4]


def test_delete_tasks(client: meilisearch.Client, make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index([{"id": 1}])
    info = client.delete_tasks({"indexUids": [index.uid], "statuses": ["succeeded"]})
    assert info.status == "enqueued"  # deletion is queued like every other task
    assert info.index_uid is None
    task = wait_ok(info)
    assert task.type == "taskDeletion"
    assert task.details is not None and task.details["deletedTasks"] == 2
    assert client.get_tasks({"indexUids": [index.uid]}).results == []


def test_invalid_task_filter(client: meilisearch.Client) -> None:
    with pytest.raises(MeilisearchApiError) as err:
        client.get_tasks({"statuses": ["sleeping"]})
    assert err.value.status_code == 400
    assert err.value.code == "invalid_task_statuses"


def test_custom_metadata(
    client: meilisearch.Client, make_index: MakeIndex, wait_ok: WaitOk
) -> None:
    index = make_index([])
    task = wait_ok(index.add_documents([{"id": 1}], metadata="import-42"))
    assert task.custom_metadata == "import-42"
    empty = wait_ok(index.update_documents([{"id": 1, "x": 1}], metadata=""))
    assert empty.custom_metadata == ""
    assert wait_ok(index.delete_document(1)).custom_metadata is None
