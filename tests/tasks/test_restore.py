"""Dump or snapshot, then restore elsewhere: the same shop, from search results to trained models.

A round trip must give back identical search results (keyword, typos, synonyms, filters, facets,
sorting, vectors), settings, documents with their vectors, API keys with the same values,
webhooks, behaviour events and the trained recommender, and the task history; on SQLite, on
PostgreSQL, and from one to the other. A restore never lands on a store that holds data unless
forced, never while a server writes, and a bad file leaves everything as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from souk.config import Settings
from souk.engine import Engine
from souk.errors import SoukError
from souk.store import schema
from souk.store.backup import Kind
from souk.store.store import Store
from souk.tasks.restore import restore_backup
from tests.conftest import make_settings
from tests.support.backup_shop import build_shop, observe


@dataclass(frozen=True)
class Shop:
    """A built shop's dump and snapshot, and what the shop looked like when each was taken."""

    dump: Path
    snapshot: Path
    at_dump: dict[str, Any]
    at_snapshot: dict[str, Any]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Shop:
    root = tmp_path_factory.mktemp("shop")
    with Engine(make_settings(root)) as engine:
        build_shop(engine)
        dump = engine.wait_for_task(engine.create_dump().uid)
        at_dump = observe(engine)
        snapshot = engine.wait_for_task(engine.create_snapshot().uid)
        at_snapshot = observe(engine)
        assert dump.status.value == snapshot.status.value == "succeeded"
        (snapshot_path,) = engine.config.snapshots_path.glob("*.snapshot")
        return Shop(
            engine.config.dumps_path / f"{dump.details['dumpUid']}.dump",
            snapshot_path,
            at_dump,
            at_snapshot,
        )


def _restored(settings: Settings) -> dict[str, Any]:
    with Engine(settings) as engine:
        return observe(engine)


def _same(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    for part in expected:
        assert actual[part] == expected[part], part


@pytest.mark.parametrize("kind", ["dump", "snapshot"])
def test_a_round_trip_gives_back_the_same_shop(shop: Shop, tmp_path: Path, kind: str) -> None:
    settings = make_settings(tmp_path)
    summary = restore_backup(settings, shop.dump if kind == "dump" else shop.snapshot)
    assert summary["kind"] == kind and summary["indexesRebuilt"] == 2
    assert summary["rows"]["souk_embeddings"] == 40 and summary["files"] == 1
    # the derived indexes were rebuilt from the store by the restore, before any search
    assert (settings.data_dir / "indexes" / "shop" / "checkpoint.json").exists()
    restored = _restored(settings)
    _same(shop.at_dump if kind == "dump" else shop.at_snapshot, restored)
    # the backup's own task is kept as succeeded, so it is neither shown unfinished nor re-run
    assert restored["tasks"][0][1:] == (f"{kind}Creation", "succeeded")


def test_restored_shop_takes_new_writes_after_the_old_ones(shop: Shop, tmp_path: Path) -> None:
    dump = shop.dump
    settings = make_settings(tmp_path)
    restore_backup(settings, dump)
    with Engine(settings) as engine:
        last = max(t.uid for t in engine.store.list_tasks(limit=None))
        task = engine.add_documents("shop", [{"id": 99, "title": "hats number 99"}])
        assert task.uid == last + 1
        assert engine.wait_for_task(task.uid).status.value == "succeeded"
        assert [h["id"] for h in engine.search("shop", q="number 99")["hits"]][:1] == [99]


@pytest.mark.postgres
def test_a_sqlite_dump_restores_into_postgresql_and_back(
    shop: Shop, tmp_path: Path, postgres_url: str
) -> None:
    expected, dump, snapshot = shop.at_dump, shop.dump, shop.snapshot
    on_postgres = make_settings(tmp_path / "pg", postgres_url)
    try:
        restore_backup(on_postgres, dump)
        _same(expected, _restored(on_postgres))
        # PostgreSQL's sequences moved past the restored ids: new tasks and events follow them
        with Engine(on_postgres) as engine:
            last = max(t.uid for t in engine.store.list_tasks(limit=None))
            assert engine.create_dump().uid == last + 1
            back = engine.wait_for_task(last + 1)
            assert back.status.value == "succeeded"
            pg_dump = engine.config.dumps_path / f"{back.details['dumpUid']}.dump"
            pg_snapshot = engine.wait_for_task(engine.create_snapshot().uid)
            assert pg_snapshot.status.value == "succeeded"
        # and back to SQLite from PostgreSQL's dump, and a PostgreSQL snapshot (a dump inside)
        for source in (pg_dump, *(tmp_path / "pg" / "data" / "snapshots").glob("*.snapshot")):
            on_sqlite = make_settings(tmp_path / source.suffix[1:])
            restore_backup(on_sqlite, source)
            again = _restored(on_sqlite)
            _same({k: v for k, v in expected.items() if k != "tasks"}, again)
        # a SQLite snapshot (the database file) also loads into PostgreSQL
        restore_backup(on_postgres, snapshot, force=True)
        _same(shop.at_snapshot, _restored(on_postgres))
    finally:
        store = Store(on_postgres.sqlalchemy_url)
        with store.transaction() as conn:
            for table in reversed(schema.metadata.sorted_tables):
                conn.execute(table.delete())
        store.close()


def test_a_store_with_data_is_refused_unless_forced(shop: Shop, tmp_path: Path) -> None:
    expected, dump = shop.at_dump, shop.dump
    settings = make_settings(tmp_path)
    with Engine(settings) as engine:
        engine.wait_for_task(engine.create_index("mine", "id").uid)
    with pytest.raises(SoukError) as refused:
        restore_backup(settings, dump)
    assert refused.value.code == "restore_target_not_empty"
    assert "souk_indexes: 1" in refused.value.message
    with Engine(settings) as engine:
        assert [r.uid for r in engine.list_indexes()] == ["mine"]
    restore_backup(settings, dump, force=True)
    _same(expected, _restored(settings))


def test_default_keys_alone_do_not_make_a_store_full(shop: Shop, tmp_path: Path) -> None:
    from souk.store.keys import KeyStore

    expected, dump = shop.at_dump, shop.dump
    settings = make_settings(tmp_path)
    with Engine(settings) as engine:  # what a first `souk serve` leaves: its two default keys
        assert len(KeyStore(engine.store, "other").ensure_default_keys()) == 2
    restore_backup(settings, dump)
    assert _restored(settings)["keys"] == expected["keys"]


def test_a_restore_waits_for_no_writer(shop: Shop, tmp_path: Path) -> None:
    dump = shop.dump
    settings = make_settings(tmp_path)
    with Engine(settings) as running:  # a serving process holds the writer lock
        assert running.runtimes.writer_lock.acquire()
        with pytest.raises(SoukError) as busy:
            restore_backup(settings, dump)
        assert busy.value.code == "data_dir_in_use"
        assert running.list_indexes() == []


def test_a_bad_file_changes_nothing(shop: Shop, tmp_path: Path) -> None:
    expected, dump, snapshot = shop.at_dump, shop.dump, shop.snapshot
    settings = make_settings(tmp_path / "target")
    restore_backup(settings, dump)
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    for bad in (truncated, tmp_path / "missing.dump"):
        with pytest.raises(SoukError) as refused:
            restore_backup(settings, bad, force=True)
        assert refused.value.code == "invalid_dump"
        assert str(bad) in refused.value.message
    with pytest.raises(SoukError) as wrong_kind:
        restore_backup(settings, snapshot, force=True, expect=Kind.DUMP)
    assert "it is a snapshot, not a dump" in wrong_kind.value.message
    _same(expected, _restored(settings))
