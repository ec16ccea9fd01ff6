"""KeyStore on a real SQLite store: derived values, default keys, CRUD, master key rotation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from souk.errors import SoukError
from souk.store.keys import KeyStore, derive_key
from souk.store.keys import keys as keys_table
from souk.store.store import Store
from souk.store.task_records import utc_now

NIL = "00000000-0000-0000-0000-000000000000"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'souk.db'}"
    else:
        base = request.getfixturevalue("postgres_url")
        url = base.replace("postgresql://", "postgresql+psycopg://")
    s = Store(url)
    yield s
    # The PostgreSQL server is shared by the session: leave no keys behind.
    KeyStore(s)
    with s.transaction() as conn:
        conn.execute(keys_table.delete())
    s.close()


def test_key_value_is_meilisearch_hmac_of_the_uid() -> None:
    # Meilisearch's own test vector: master key "MASTER_KEY", nil uid.
    assert derive_key("MASTER_KEY", NIL) == (
        "aeb94973e0b6e912d94165430bbe87dee91a7c4f891ce19050c3910ec96977e9"
    )


def test_create_get_and_find(store: Store) -> None:
    keys = KeyStore(store, "MASTER_KEY")
    key = keys.create(actions=["search"], indexes=["dog"], uid=NIL, name="n")
    assert key.key == derive_key("MASTER_KEY", NIL)
    assert key.created_at == key.updated_at and key.created_at.tzinfo is not None
    assert keys.get(NIL) == key
    assert keys.find(NIL) == key
    assert keys.find(key.key) == key
    assert keys.find(key.key.upper()) == key
    assert keys.find("not-a-key") is None
    generated = keys.create(actions=["*"], indexes=["*"])
    assert len(generated.uid) == 36 and generated.uid != NIL
    with pytest.raises(SoukError) as exc:
        keys.create(actions=["*"], indexes=["*"], uid=NIL)
    assert exc.value.code == "api_key_already_exists" and exc.value.status == 409


def test_default_keys_are_created_once(store: Store) -> None:
    keys = KeyStore(store, "MASTER_KEY")
    created = keys.ensure_default_keys()
    assert [k.name for k in created] == ["Default Admin API Key", "Default Search API Key"]
    assert keys.ensure_default_keys() == []
    page, total = keys.list_keys()
    assert total == 2
    # Newest first, as Meilisearch lists them.
    assert [(k.name, k.actions, k.indexes) for k in page] == [
        ("Default Search API Key", ["search"], ["*"]),
        ("Default Admin API Key", ["*"], ["*"]),
    ]


def test_list_paginates_newest_first(store: Store) -> None:
    keys = KeyStore(store, "m" * 16)
    start = utc_now()
    for i in range(5):
        keys.create(actions=["search"], indexes=["*"], name=f"k{i}", now=start + timedelta(i))
    page, total = keys.list_keys(offset=1, limit=2)
    assert total == 5
    assert [k.name for k in page] == ["k3", "k2"]


def test_update_only_moves_name_description_and_updated_at(store: Store) -> None:
    keys = KeyStore(store, "MASTER_KEY")
    key = keys.create(actions=["search"], indexes=["*"], uid=NIL, description="old")
    updated = keys.update(NIL, {"name": "new"})
    assert updated is not None
    assert (updated.name, updated.description) == ("new", "old")
    assert updated.updated_at > key.updated_at and updated.created_at == key.created_at
    cleared = keys.update(NIL, {"description": None})
    assert cleared is not None and cleared.description is None
    assert keys.update("11111111-1111-1111-1111-111111111111", {"name": "x"}) is None
    with pytest.raises(ValueError):
        keys.update(NIL, {"actions": "x"})


def test_delete(store: Store) -> None:
    keys = KeyStore(store, "MASTER_KEY")
    keys.create(actions=["search"], indexes=["*"], uid=NIL)
    assert keys.delete(NIL) is True
    assert keys.delete(NIL) is False
    assert keys.get(NIL) is None


def test_expiry(store: Store) -> None:
    keys = KeyStore(store, "MASTER_KEY")
    soon = utc_now() + timedelta(hours=1)
    key = keys.create(actions=["search"], indexes=["*"], expires_at=soon)
    assert key.expires_at == soon
    assert not key.expired()
    assert key.expired(soon + timedelta(seconds=1))


def test_rotating_the_master_key_invalidates_old_values(store: Store) -> None:
    first = KeyStore(store, "first-master-key")
    old = first.create(actions=["*"], indexes=["*"], uid=NIL)
    second = KeyStore(store, "second-master-key")
    assert second.get_by_key(old.key) is None
    new = second.get(NIL)
    assert new is not None and new.key == derive_key("second-master-key", NIL)
    assert second.get_by_key(new.key) == new


def test_without_master_key_values_are_empty_and_unfindable(store: Store) -> None:
    keys = KeyStore(store)
    key = keys.create(actions=["*"], indexes=["*"], uid=NIL)
    assert key.key == ""
    assert keys.get_by_key("") is None
    assert keys.get_by_key(derive_key("MASTER_KEY", NIL)) is None


def test_the_store_creates_every_domains_tables(store: Store) -> None:
    """Every domain's tables are registered in one schema package, so opening a store creates
    the keys table too (before, it existed only if the keys module had been imported)."""
    from souk.store import schema

    assert set(schema.metadata.tables) <= set(inspect(store.engine).get_table_names())
    assert "souk_keys" in schema.metadata.tables and "souk_webhooks" in schema.metadata.tables
    keys = KeyStore(store, "MASTER_KEY")
    keys.create(actions=["search"], indexes=["*"], uid=NIL)
    assert KeyStore(store, "MASTER_KEY").get(NIL) is not None
