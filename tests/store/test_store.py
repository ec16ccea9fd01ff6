"""Store contract: the same behaviour on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from souk.store.settings import default_settings
from souk.store.store import Store
from souk.store.task_records import TaskStatus, TaskType


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'souk.db'}"
    else:
        base = request.getfixturevalue("postgres_url")
        url = base.replace("postgresql://", "postgresql+psycopg://")
    s = Store(url)
    yield s
    # leave PostgreSQL clean for the next test (the server is shared by the session)
    from souk.store import schema

    with s.transaction() as conn:
        for table in reversed(schema.metadata.sorted_tables):
            conn.execute(table.delete())
    s.close()


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    s = Store(f"sqlite:///{tmp_path / 'w.db'}")
    with s.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"


def test_index_lifecycle(store: Store) -> None:
    with store.transaction() as conn:
        store.insert_index(conn, "shop", "id", default_settings())
    record = store.get_index("shop")
    assert record is not None and record.primary_key == "id"
    assert record.settings["searchableAttributes"] == ["*"]
    with store.transaction() as conn:
        store.update_index(conn, "shop", fields=["id", "title"])
    assert store.get_index("shop").fields == ["id", "title"]  # type: ignore[union-attr]
    assert [r.uid for r in store.list_indexes()] == ["shop"]
    with store.transaction() as conn:
        store.delete_index(conn, "shop")
    assert store.get_index("shop") is None


def test_iids_are_stable_and_never_reused(store: Store) -> None:
    with store.transaction() as conn:
        store.insert_index(conn, "shop", "id", default_settings())
        first = store.upsert_documents(conn, "shop", [("a", {"id": "a"}), ("b", {"id": "b"})], 1)
    with store.transaction() as conn:
        again = store.upsert_documents(conn, "shop", [("a", {"id": "a", "v": 2})], 2)
        assert again["a"] == first["a"]
        gone = store.delete_documents(conn, "shop", ["b", "missing"], 3)
    assert gone == [("b", first["b"])]
    with store.transaction() as conn:
        back = store.upsert_documents(conn, "shop", [("b", {"id": "b"})], 4)
    assert back["b"] not in first.values()
    docs = store.get_documents("shop", ["a", "b"])
    assert docs["a"].body == {"id": "a", "v": 2}
    assert store.count_documents("shop") == 2
    assert store.tombstones_after("shop", 2) == [first["b"]]
    assert store.tombstones_after("shop", 3) == []
    changed = [
        d.doc_id for batch in store.iter_documents("shop", changed_after_task=1) for d in batch
    ]
    assert sorted(changed) == ["a", "b"]


def test_rolled_back_transaction_changes_nothing(store: Store) -> None:
    with store.transaction() as conn:
        store.insert_index(conn, "shop", "id", default_settings())
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store.upsert_documents(conn, "shop", [("a", {"id": "a"})], 1)
        raise RuntimeError("boom")
    assert store.count_documents("shop") == 0


def test_iter_documents_pages_in_iid_order(store: Store) -> None:
    with store.transaction() as conn:
        store.insert_index(conn, "shop", "id", default_settings())
        store.upsert_documents(conn, "shop", [(str(i), {"id": i}) for i in range(25)], 1)
    batches = list(store.iter_documents("shop", batch_size=10))
    assert [len(b) for b in batches] == [10, 10, 5]
    iids = [d.iid for b in batches for d in b]
    assert iids == sorted(iids)
    window = [d.doc_id for b in store.iter_documents("shop", offset=5, limit=3) for d in b]
    assert window == ["5", "6", "7"]


def test_task_queue(store: Store) -> None:
    t1 = store.enqueue(
        "shop", TaskType.DOCUMENT_ADDITION, {"receivedDocuments": 1}, {"documents": [{"id": 1}]}
    )
    t2 = store.enqueue("shop", TaskType.SETTINGS_UPDATE, {"stopWords": []})
    assert t2.uid > t1.uid
    assert [t.uid for t in store.next_enqueued(5)] == [t1.uid, t2.uid]
    assert store.task_payload(t1.uid) == {"documents": [{"id": 1}]}
    store.mark_processing(t1.uid)
    assert store.requeue_interrupted() == 1
    store.mark_processing(t1.uid)
    with store.transaction() as conn:
        store.finish_task(conn, t1.uid, TaskStatus.SUCCEEDED, {"indexedDocuments": 1})
    done = store.get_task(t1.uid)
    assert done is not None and done.status == TaskStatus.SUCCEEDED
    assert done.details == {"indexedDocuments": 1}
    assert store.task_payload(t1.uid) is None  # payloads are dropped once applied
    assert store.last_succeeded_task("shop") == t1.uid
    shape = done.to_dict()
    assert shape["type"] == "documentAdditionOrUpdate" and shape["duration"].startswith("PT")
    assert [t.uid for t in store.list_tasks(statuses=["enqueued"])] == [t2.uid]
    assert [t.uid for t in store.list_tasks(types=["settingsUpdate"])] == [t2.uid]
    assert store.list_tasks(index_uids=["other"]) == []


def test_embeddings_roundtrip(store: Store) -> None:
    with store.transaction() as conn:
        store.insert_index(conn, "shop", "id", default_settings())
        store.upsert_embeddings(conn, "shop", "default", [(1, "h1", b"\x00" * 8)])
        store.upsert_embeddings(conn, "shop", "default", [(1, "h2", b"\x01" * 8)])
    assert store.embedding_hashes("shop", "default", [1]) == {1: "h2"}
    rows = [row for batch in store.iter_embeddings("shop", "default") for row in batch]
    assert rows == [(1, b"\x01" * 8)]
