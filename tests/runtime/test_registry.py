"""The runtime registry: shared runtimes, checkpoints, and tombstones pruned once passed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from souk.engine import Engine
from souk.runtime.checkpoint import Checkpoint
from souk.runtime.derived import checkpoint_path
from souk.store import schema as t
from tests.conftest import make_settings

DOCS = [{"id": str(n), "title": f"red shoe {n}", "price": n} for n in range(20)]
USER_VECTORS = {"default": {"source": "userProvided", "dimensions": 3}}


def tombstone_count(engine: Engine, uid: str) -> int:
    with engine.store.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(t.tombstones)
                .where(t.tombstones.c.index_uid == uid)
            ).scalar_one()
        )


def test_the_same_runtime_serves_searches_and_tasks(engine: Engine) -> None:
    engine.wait_for_task(engine.add_documents("shop", DOCS, primary_key="id").uid)
    assert engine.runtime("shop") is engine.runtimes.runtime("shop")
    assert engine.runtimes.opened("shop") is engine.runtime("shop")


def test_tombstones_go_once_every_checkpoint_has_passed_them(engine: Engine) -> None:
    engine.wait_for_task(
        engine.create_index("shop", "id", settings={"embedders": USER_VECTORS}).uid
    )
    docs = [{**d, "_vectors": {"default": [1.0, float(n), 0.5]}} for n, d in enumerate(DOCS)]
    engine.wait_for_task(engine.add_documents("shop", docs).uid)
    deleted = engine.wait_for_task(engine.delete_documents("shop", ["1", "2", "3"]).uid)
    assert deleted.details["deletedDocuments"] == 3
    # the queue drained: lexical and vector checkpoints both passed the deletion
    ckpt = Checkpoint.load(checkpoint_path(engine.config, "shop"))
    assert ckpt.lexical_task >= deleted.uid and ckpt.vector_task["default"] >= deleted.uid
    assert tombstone_count(engine, "shop") == 0
    assert engine.search("shop", q="shoe", limit=50)["estimatedTotalHits"] == 17
    assert sorted(int(i) for i in engine.runtime("shop").vectors["default"].ids()) == sorted(
        int(i) for i in engine.runtime("shop").lexical.all_iids()
    )


def test_tombstones_stay_while_a_checkpoint_is_behind(tmp_path: Path) -> None:
    """A task applied but not yet committed to the derived indexes keeps its tombstones, so a
    reopen after a crash can still remove the deleted documents."""
    config = make_settings(tmp_path)
    with Engine(config) as engine:
        engine.wait_for_task(engine.add_documents("shop", DOCS, primary_key="id").uid)
        task = engine.delete_documents("shop", ["4", "5"])
        engine.runtimes.writer_lock.acquire()
        runtime = engine.runtime("shop")
        # the store deletes (and records tombstones) but the index is never committed
        with engine.store.transaction() as conn:
            engine.store.delete_documents(conn, "shop", ["4", "5"], task.uid)
        assert tombstone_count(engine, "shop") == 2
        runtime.lexical.rollback()
        engine.runtimes.forget_all()
        engine.store.mark_processing(task.uid)
    with Engine(config) as engine:  # the task is re-run and the index catches up
        engine.wait_for_task(task.uid)
        hits = engine.search("shop", q="shoe", limit=50)["hits"]
        assert {"4", "5"}.isdisjoint(h["id"] for h in hits) and len(hits) == 18
        assert tombstone_count(engine, "shop") == 0
