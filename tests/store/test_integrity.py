"""A damaged store is recognised, named and reported; other database errors are not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from souk.errors import Code
from souk.store.integrity import (
    StoreCorrupt,
    check_store,
    corruption_reason,
    sqlite_header_problem,
    store_location,
)
from souk.store.store import Store
from tests.support.corrupt import corrupt_sqlite_header, corrupt_table


def filled_store(tmp_path: Path, documents: int = 300) -> Path:
    db = tmp_path / "souk.db"
    store = Store(f"sqlite:///{db}")
    with store.transaction() as conn:
        store.insert_index(conn, "shop", "id", {})
        rows = [(str(n), {"id": str(n), "title": "x" * 200}) for n in range(documents)]
        store.upsert_documents(conn, "shop", rows, 1)
    store.close()
    return db


def test_a_bad_header_names_the_file_at_open(tmp_path: Path) -> None:
    db = filled_store(tmp_path)
    corrupt_sqlite_header(db)
    assert sqlite_header_problem(str(db)) == "file is not a database"
    with pytest.raises(StoreCorrupt) as caught:
        Store(f"sqlite:///{db}")
    error = caught.value
    assert error.code == Code.STORE_CORRUPT.value and error.status == 500
    assert str(db) in error.message and "file is not a database" in error.message
    assert "souk doctor" in error.message and "souk restore" in error.message
    assert "\n" not in error.message


def test_a_bad_page_fails_only_what_reads_it(tmp_path: Path) -> None:
    db = filled_store(tmp_path)
    corrupt_table(db, "souk_documents")
    store = Store(f"sqlite:///{db}")  # opens: the header and the schema are fine
    try:
        assert store.get_index("shop") is not None
        with pytest.raises(StoreCorrupt, match="database disk image is malformed"):
            list(store.iter_documents("shop"))
        found = check_store(store.engine, store.where)
        assert not found.ok and found.check == "quick_check" and found.problems
        assert check_store(store.engine, store.where, full=True).problems
    finally:
        store.close()


def test_a_healthy_store_passes_and_a_missing_table_is_named(tmp_path: Path) -> None:
    db = filled_store(tmp_path)
    store = Store(f"sqlite:///{db}")
    try:
        assert check_store(store.engine, store.where).ok
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE souk_webhooks"))
        found = check_store(store.engine, store.where, full=True)
        assert found.missing_tables == ["souk_webhooks"] and not found.ok
    finally:
        store.close()


def test_only_damage_counts_as_corruption() -> None:
    locked = sqlite3.connect(":memory:")
    try:
        locked.execute("SELECT * FROM no_such_table")
    except sqlite3.OperationalError as exc:
        assert corruption_reason(exc) is None
    assert corruption_reason(ValueError("x")) is None
    assert corruption_reason(None) is None


def test_store_location_hides_a_password() -> None:
    assert store_location("sqlite:////srv/data/souk.db") == "/srv/data/souk.db"
    shown = store_location("postgresql+psycopg://souk:secret@db:5432/souk")
    assert "secret" not in shown and "db:5432/souk" in shown
