"""Events are stored durably, atomically, with unknown products flagged (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from souk.events.model import Event, EventType
from souk.events.store import EventStore, SearchRecord
from souk.store.store import Store
from souk.store.task_records import utc_now


def _with_index(store: Store) -> Store:
    with store.transaction() as conn:
        store.insert_index(conn, "shop", "id", {})
        store.upsert_documents(conn, "shop", [("1", {"id": 1}), ("2", {"id": 2})], task_uid=1)
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'souk.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    s = Store(url)
    if request.param == "postgresql":  # one shared server: start from a clean slate
        with s.transaction() as conn:
            s.delete_index(conn, "shop")
    yield _with_index(s)
    s.close()


def view(product: str, ts: float, session: str = "s1", user: str | None = "u1") -> Event:
    return Event(EventType.VIEW, session, ts, user_id=user, product_id=product)


def test_append_flags_unknown_products_and_keeps_them(store: Store) -> None:
    events = EventStore(store)
    result = events.append("shop", [view("1", 10), view("999", 11)])
    assert result.stored == 2
    assert result.unknown_products == ["999"]
    stored = [s for batch in events.iter_events("shop") for s in batch]
    assert [(s.event.product_id, s.known_product) for s in stored] == [("1", True), ("999", False)]
    assert events.count("shop") == {"view": 2}
    assert events.last_id("shop") == stored[-1].id


def test_recent_products_are_in_time_order(store: Store) -> None:
    events = EventStore(store)
    events.append("shop", [view("2", 30), view("1", 10, session="s2"), view("3", 20)])
    assert events.recent_products("shop", user_id="u1") == ["1", "3", "2"]
    assert events.recent_products("shop", session_id="s2") == ["1"]
    assert events.recent_products("shop", user_id="u1", limit=1) == ["2"]
    assert events.recent_products("shop") == []


def test_iteration_resumes_after_an_id_and_filters(store: Store) -> None:
    events = EventStore(store)
    events.append("shop", [view("1", 1), Event(EventType.PURCHASE, "s", 2, product_id="1")])
    first = [s for batch in events.iter_events("shop", batch_size=1) for s in batch]
    assert len(first) == 2
    after = [s for batch in events.iter_events("shop", after_id=first[0].id) for s in batch]
    assert [s.event.type for s in after] == [EventType.PURCHASE]
    only = [s for b in events.iter_events("shop", types=[EventType.VIEW]) for s in b]
    assert [s.event.type for s in only] == [EventType.VIEW]
    assert next(s for b in events.iter_events("shop", since=1.5) for s in b).event.timestamp == 2


def test_an_acknowledged_batch_survives_reopening(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'durable.db'}"
    store = _with_index(Store(url))
    EventStore(store).append("shop", [view("1", 1)])
    store.close()  # what a crash leaves: only what was committed
    reopened = Store(url)
    assert EventStore(reopened).count("shop") == {"view": 1}
    reopened.close()


def test_search_records_round_trip(store: Store) -> None:
    events = EventStore(store)
    events.append_searches([("shop", SearchRecord("q1", "red shoes", 3, ["1", "2"], 5.0))])
    records = [r for batch in events.iter_searches("shop") for r in batch]
    assert records == [SearchRecord("q1", "red shoes", 3, ["1", "2"], 5.0)]
    assert [r for batch in events.iter_searches("shop", since=6) for r in batch] == []


def test_deleting_the_index_deletes_its_behaviour(store: Store) -> None:
    events = EventStore(store)
    events.append("shop", [view("1", 1)])
    events.append_searches([("shop", SearchRecord("q1", "x", 0, [], utc_now().timestamp()))])
    with store.transaction() as conn:
        store.delete_index(conn, "shop")
    assert events.count("shop") == {}
    assert list(events.iter_searches("shop")) == []
