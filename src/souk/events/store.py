"""Durable storage of behaviour events and of the API's search log, in the catalog store."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Table, func, insert, select

from souk.events.model import Event, EventType
from souk.store import schema as t
from souk.store.store import Store


@dataclass(frozen=True)
class StoredEvent:
    id: int
    event: Event
    known_product: bool | None


@dataclass(frozen=True)
class SearchRecord:
    query_uid: str
    query: str
    nb_hits: int
    hit_ids: list[str]
    ts: float


@dataclass(frozen=True)
class AppendResult:
    stored: int
    unknown_products: list[str]
    last_id: int | None


class EventStore:
    """Append-only events per index; an append commits before it is acknowledged."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def append(self, index_uid: str, events: Sequence[Event]) -> AppendResult:
        """Store a batch atomically; product ids not in the catalog are kept but flagged."""
        if not events:
            return AppendResult(0, [], None)
        product_ids = sorted({e.product_id for e in events if e.product_id is not None})
        with self.store.transaction() as conn:
            known = (
                set(self.store.get_documents(index_uid, product_ids, conn))
                if product_ids
                else set()
            )
            rows = [
                {
                    "index_uid": index_uid,
                    "type": e.type.value,
                    "user_id": e.user_id,
                    "session_id": e.session_id,
                    "product_id": e.product_id,
                    "query": e.query,
                    "query_uid": e.query_uid,
                    "position": e.position,
                    "ts": e.timestamp,
                    "known_product": None if e.product_id is None else e.product_id in known,
                }
                for e in events
            ]
            for start in range(0, len(rows), 1000):
                conn.execute(insert(t.events), rows[start : start + 1000])
            last = conn.execute(
                select(func.max(t.events.c.id)).where(t.events.c.index_uid == index_uid)
            ).scalar()
        unknown = [pid for pid in product_ids if pid not in known]
        return AppendResult(len(rows), unknown, None if last is None else int(last))

    def iter_events(
        self,
        index_uid: str,
        *,
        after_id: int = 0,
        types: Sequence[EventType] | None = None,
        since: float | None = None,
        batch_size: int = 20_000,
    ) -> Iterator[list[StoredEvent]]:
        """Events in arrival order, in batches."""
        conditions: list[Any] = []
        if types is not None:
            conditions.append(t.events.c.type.in_([k.value for k in types]))
        if since is not None:
            conditions.append(t.events.c.ts >= since)
        for rows in self._pages(t.events, index_uid, conditions, after_id, batch_size):
            yield [_stored(row) for row in rows]

    def recent_products(
        self,
        index_uid: str,
        *,
        user_id: str | None = None,
        session_id: str | None = None,
        limit: int = 20,
    ) -> list[str]:
        """The last ``limit`` products a user (or session) interacted with, oldest first."""
        query = select(t.events.c.product_id).where(
            t.events.c.index_uid == index_uid, t.events.c.product_id.is_not(None)
        )
        if user_id is not None:
            query = query.where(t.events.c.user_id == user_id)
        elif session_id is not None:
            query = query.where(t.events.c.session_id == session_id)
        else:
            return []
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                query.order_by(t.events.c.ts.desc(), t.events.c.id.desc()).limit(limit)
            ).all()
        return [str(row.product_id) for row in reversed(rows)]

    def count(self, index_uid: str) -> dict[str, int]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(t.events.c.type, func.count())
                .where(t.events.c.index_uid == index_uid)
                .group_by(t.events.c.type)
            ).all()
        return {str(kind): int(n) for kind, n in rows}

    def last_id(self, index_uid: str) -> int:
        with self.store.engine.connect() as conn:
            value = conn.execute(
                select(func.max(t.events.c.id)).where(t.events.c.index_uid == index_uid)
            ).scalar()
        return 0 if value is None else int(value)

    # -- search log ------------------------------------------------------------------------
    def append_searches(self, rows: Sequence[tuple[str, SearchRecord]]) -> None:
        if not rows:
            return
        with self.store.transaction() as conn:
            conn.execute(
                insert(t.searches),
                [
                    {
                        "index_uid": uid,
                        "query_uid": r.query_uid,
                        "query": r.query,
                        "nb_hits": r.nb_hits,
                        "hit_ids": orjson.dumps(r.hit_ids).decode(),
                        "ts": r.ts,
                    }
                    for uid, r in rows
                ],
            )

    def iter_searches(
        self, index_uid: str, *, since: float | None = None, batch_size: int = 20_000
    ) -> Iterator[list[SearchRecord]]:
        conditions = [] if since is None else [t.searches.c.ts >= since]
        for rows in self._pages(t.searches, index_uid, conditions, 0, batch_size):
            yield [
                SearchRecord(r.query_uid, r.query, int(r.nb_hits), orjson.loads(r.hit_ids), r.ts)
                for r in rows
            ]

    def _pages(
        self, table: Table, index_uid: str, conditions: list[Any], after_id: int, size: int
    ) -> Iterator[list[Any]]:
        """Rows of one index in id order, ``size`` at a time (keyset pagination on ``id``)."""
        last = after_id
        while True:
            query = (
                select(table)
                .where(table.c.index_uid == index_uid, table.c.id > last, *conditions)
                .order_by(table.c.id)
                .limit(size)
            )
            with self.store.engine.connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            last = int(rows[-1].id)
            yield list(rows)


def search_record(
    query_uid: str, query: str, response: dict[str, Any], primary_key: str | None
) -> SearchRecord:
    """What the search log keeps of one response: its query, hit count and first page ids."""
    total = response.get("estimatedTotalHits", response.get("totalHits", 0))
    ids = []
    if primary_key:
        ids = [
            str(hit.get(primary_key)) for hit in response.get("hits", [])[:50] if primary_key in hit
        ]
    return SearchRecord(query_uid, query, int(total or 0), ids, time.time())


def _stored(row: Any) -> StoredEvent:
    return StoredEvent(
        int(row.id),
        Event(
            type=EventType(row.type),
            session_id=row.session_id,
            timestamp=float(row.ts),
            user_id=row.user_id,
            product_id=row.product_id,
            query=row.query,
            query_uid=row.query_uid,
            position=row.position,
        ),
        row.known_product,
    )
