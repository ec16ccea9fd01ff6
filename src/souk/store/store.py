"""The catalog store: the source of truth, on SQLite (WAL) or PostgreSQL through SQLAlchemy Core.

Everything else (lexical index, vectors) is derived from what is here and can be rebuilt from it.
A task's writes and its ``succeeded`` status commit in one transaction, so a task that the store
reports as succeeded is durable and a task that failed or never finished changed nothing.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from souk.store import schema as t
from souk.store.task_records import (
    METADATA_KEY,
    Task,
    TaskStatus,
    TaskType,
    custom_metadata,
    utc_now,
)


@dataclass(frozen=True)
class IndexRecord:
    uid: str
    primary_key: str | None
    settings: dict[str, Any]
    fields: list[str]
    created_at: Any
    updated_at: Any


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    iid: int
    body: dict[str, Any]


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _pack(payload: Any) -> bytes:
    return zlib.compress(orjson.dumps(payload), 1)


def _unpack(blob: bytes) -> Any:
    return orjson.loads(zlib.decompress(blob))


class Store:
    """SQLAlchemy Core store; ``url`` is any SQLAlchemy URL (sqlite or postgresql+psycopg)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 30}
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        t.metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit: everything inside commits together or not at all."""
        with self.engine.begin() as conn:
            yield conn

    # -- indexes -------------------------------------------------------------------------
    def insert_index(
        self, conn: Connection, uid: str, primary_key: str | None, settings: dict[str, Any]
    ) -> None:
        now = utc_now()
        conn.execute(
            insert(t.indexes).values(
                uid=uid,
                primary_key=primary_key,
                settings=_dumps(settings),
                fields="[]",
                next_iid=1,
                created_at=now,
                updated_at=now,
            )
        )

    def get_index(self, uid: str, conn: Connection | None = None) -> IndexRecord | None:
        query = select(t.indexes).where(t.indexes.c.uid == uid)
        if conn is not None:
            row = conn.execute(query).first()
        else:
            with self.engine.connect() as c:
                row = c.execute(query).first()
        return None if row is None else _index_record(row)

    def list_indexes(self) -> list[IndexRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.indexes).order_by(t.indexes.c.uid)).all()
        return [_index_record(row) for row in rows]

    def update_index(
        self,
        conn: Connection,
        uid: str,
        *,
        primary_key: str | None = None,
        settings: dict[str, Any] | None = None,
        fields: list[str] | None = None,
    ) -> None:
        values: dict[str, Any] = {"updated_at": utc_now()}
        if primary_key is not None:
            values["primary_key"] = primary_key
        if settings is not None:
            values["settings"] = _dumps(settings)
        if fields is not None:
            values["fields"] = _dumps(fields)
        conn.execute(update(t.indexes).where(t.indexes.c.uid == uid).values(**values))

    def delete_index(self, conn: Connection, uid: str) -> None:
        for table in (t.documents, t.tombstones, t.embeddings, t.events, t.searches):
            conn.execute(delete(table).where(table.c.index_uid == uid))
        conn.execute(delete(t.indexes).where(t.indexes.c.uid == uid))

    # -- documents -----------------------------------------------------------------------
    def upsert_documents(
        self,
        conn: Connection,
        uid: str,
        docs: Sequence[tuple[str, dict[str, Any]]],
        task_uid: int,
    ) -> dict[str, int]:
        """Insert or replace ``(doc_id, body)`` pairs; returns doc_id → iid (stable per id)."""
        if not docs:
            return {}
        ids = [doc_id for doc_id, _ in docs]
        existing = self._iids(conn, uid, ids)
        new_ids = [doc_id for doc_id in dict.fromkeys(ids) if doc_id not in existing]
        if new_ids:
            next_iid = conn.execute(
                select(t.indexes.c.next_iid).where(t.indexes.c.uid == uid)
            ).scalar_one()
            for offset, doc_id in enumerate(new_ids):
                existing[doc_id] = int(next_iid) + offset
            conn.execute(
                update(t.indexes)
                .where(t.indexes.c.uid == uid)
                .values(next_iid=int(next_iid) + len(new_ids))
            )
        rows = [
            {
                "index_uid": uid,
                "doc_id": doc_id,
                "iid": existing[doc_id],
                "task_uid": task_uid,
                "body": _dumps(body),
            }
            for doc_id, body in dict(docs).items()
        ]
        dialect = sqlite if self.is_sqlite else postgresql
        stmt = dialect.insert(t.documents)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.documents.c.index_uid, t.documents.c.doc_id],
            set_={"body": stmt.excluded.body, "task_uid": stmt.excluded.task_uid},
        )
        for chunk in _chunks(rows, 500):
            conn.execute(stmt, chunk)
        return {doc_id: existing[doc_id] for doc_id in ids}

    def _iids(self, conn: Connection, uid: str, ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            rows = conn.execute(
                select(t.documents.c.doc_id, t.documents.c.iid).where(
                    t.documents.c.index_uid == uid, t.documents.c.doc_id.in_(chunk)
                )
            )
            found.update({row.doc_id: int(row.iid) for row in rows})
        return found

    def delete_documents(
        self, conn: Connection, uid: str, ids: Sequence[str], task_uid: int
    ) -> list[tuple[str, int]]:
        """Delete by id, leaving tombstones for derived indexes; returns the deleted (id, iid)."""
        gone = self._iids(conn, uid, ids)
        if not gone:
            return []
        for chunk in _chunks(list(gone), 500):
            conn.execute(
                delete(t.documents).where(
                    t.documents.c.index_uid == uid, t.documents.c.doc_id.in_(chunk)
                )
            )
        conn.execute(
            delete(t.embeddings).where(
                t.embeddings.c.index_uid == uid, t.embeddings.c.iid.in_(list(gone.values()))
            )
        )
        conn.execute(
            insert(t.tombstones),
            [
                {"index_uid": uid, "iid": iid, "doc_id": doc_id, "task_uid": task_uid}
                for doc_id, iid in gone.items()
            ],
        )
        return list(gone.items())

    def get_documents(
        self, uid: str, ids: Sequence[str], conn: Connection | None = None
    ) -> dict[str, StoredDocument]:
        query_rows: list[Any] = []
        with _maybe_connect(self.engine, conn) as c:
            for chunk in _chunks(list(dict.fromkeys(ids)), 500):
                query_rows.extend(
                    c.execute(
                        select(t.documents.c.doc_id, t.documents.c.iid, t.documents.c.body).where(
                            t.documents.c.index_uid == uid, t.documents.c.doc_id.in_(chunk)
                        )
                    ).all()
                )
        return {
            row.doc_id: StoredDocument(row.doc_id, int(row.iid), orjson.loads(row.body))
            for row in query_rows
        }

    def get_documents_by_iid(self, uid: str, iids: Sequence[int]) -> dict[int, StoredDocument]:
        out: dict[int, StoredDocument] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(dict.fromkeys(iids)), 500):
                rows = conn.execute(
                    select(t.documents.c.doc_id, t.documents.c.iid, t.documents.c.body).where(
                        t.documents.c.index_uid == uid, t.documents.c.iid.in_(chunk)
                    )
                )
                for row in rows:
                    out[int(row.iid)] = StoredDocument(
                        row.doc_id, int(row.iid), orjson.loads(row.body)
                    )
        return out

    def iter_documents(
        self,
        uid: str,
        *,
        batch_size: int = 1000,
        changed_after_task: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Iterator[list[StoredDocument]]:
        """Documents in iid order, in batches (optionally only those written after a task)."""
        last_iid = -1
        remaining = limit
        skip = offset
        while True:
            query = (
                select(t.documents.c.doc_id, t.documents.c.iid, t.documents.c.body)
                .where(t.documents.c.index_uid == uid, t.documents.c.iid > last_iid)
                .order_by(t.documents.c.iid)
                .limit(batch_size)
            )
            if changed_after_task is not None:
                query = query.where(t.documents.c.task_uid > changed_after_task)
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            last_iid = int(rows[-1].iid)
            batch = [StoredDocument(r.doc_id, int(r.iid), orjson.loads(r.body)) for r in rows]
            if skip:
                dropped = min(skip, len(batch))
                batch, skip = batch[dropped:], skip - dropped
            if remaining is not None:
                batch = batch[:remaining]
                remaining -= len(batch)
            if batch:
                yield batch
            if remaining == 0:
                return

    def count_documents(self, uid: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(t.documents)
                    .where(t.documents.c.index_uid == uid)
                ).scalar_one()
            )

    def all_doc_ids(self, uid: str, conn: Connection | None = None) -> list[str]:
        with _maybe_connect(self.engine, conn) as c:
            rows = c.execute(
                select(t.documents.c.doc_id).where(t.documents.c.index_uid == uid)
            ).all()
        return [row.doc_id for row in rows]

    def tombstones_after(self, uid: str, task_uid: int) -> list[int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.tombstones.c.iid).where(
                    t.tombstones.c.index_uid == uid, t.tombstones.c.task_uid > task_uid
                )
            ).all()
        return [int(row.iid) for row in rows]

    def prune_tombstones(self, uid: str, up_to_task: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                delete(t.tombstones).where(
                    t.tombstones.c.index_uid == uid, t.tombstones.c.task_uid <= up_to_task
                )
            )

    # -- embeddings ----------------------------------------------------------------------
    def upsert_embeddings(
        self, conn: Connection, uid: str, embedder: str, rows: Sequence[tuple[int, str, bytes]]
    ) -> None:
        """Store ``(iid, text_hash, float32 bytes)`` so rebuilds never need to re-embed."""
        if not rows:
            return
        dialect = sqlite if self.is_sqlite else postgresql
        stmt = dialect.insert(t.embeddings)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.embeddings.c.index_uid, t.embeddings.c.embedder, t.embeddings.c.iid],
            set_={"text_hash": stmt.excluded.text_hash, "vector": stmt.excluded.vector},
        )
        values = [
            {"index_uid": uid, "embedder": embedder, "iid": iid, "text_hash": h, "vector": v}
            for iid, h, v in rows
        ]
        for chunk in _chunks(values, 500):
            conn.execute(stmt, chunk)

    def embedding_hashes(self, uid: str, embedder: str, iids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(iids), 500):
                rows = conn.execute(
                    select(t.embeddings.c.iid, t.embeddings.c.text_hash).where(
                        t.embeddings.c.index_uid == uid,
                        t.embeddings.c.embedder == embedder,
                        t.embeddings.c.iid.in_(chunk),
                    )
                )
                out.update({int(r.iid): r.text_hash for r in rows})
        return out

    def iter_embeddings(
        self, uid: str, embedder: str, iids: Sequence[int] | None = None, batch_size: int = 2000
    ) -> Iterator[list[tuple[int, bytes]]]:
        """Stored vectors in iid order (optionally only for some iids)."""
        if iids is not None:
            with self.engine.connect() as conn:
                for chunk in _chunks(sorted(iids), batch_size):
                    rows = conn.execute(
                        select(t.embeddings.c.iid, t.embeddings.c.vector).where(
                            t.embeddings.c.index_uid == uid,
                            t.embeddings.c.embedder == embedder,
                            t.embeddings.c.iid.in_(chunk),
                        )
                    ).all()
                    yield [(int(r.iid), bytes(r.vector)) for r in rows]
            return
        last = -1
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(t.embeddings.c.iid, t.embeddings.c.vector)
                    .where(
                        t.embeddings.c.index_uid == uid,
                        t.embeddings.c.embedder == embedder,
                        t.embeddings.c.iid > last,
                    )
                    .order_by(t.embeddings.c.iid)
                    .limit(batch_size)
                ).all()
            if not rows:
                return
            last = int(rows[-1].iid)
            yield [(int(r.iid), bytes(r.vector)) for r in rows]

    def delete_embeddings(self, conn: Connection, uid: str, embedder: str | None = None) -> None:
        query = delete(t.embeddings).where(t.embeddings.c.index_uid == uid)
        if embedder is not None:
            query = query.where(t.embeddings.c.embedder == embedder)
        conn.execute(query)

    # -- tasks ---------------------------------------------------------------------------
    def enqueue(
        self,
        index_uid: str | None,
        task_type: TaskType,
        details: dict[str, Any] | None = None,
        payload: Any = None,
    ) -> Task:
        now = utc_now()
        metadata = custom_metadata.get()
        if metadata is not None:
            details = {**(details or {}), METADATA_KEY: metadata}
        with self.transaction() as conn:
            result = conn.execute(
                insert(t.tasks).values(
                    index_uid=index_uid,
                    type=task_type.value,
                    status=TaskStatus.ENQUEUED.value,
                    details=_dumps(details or {}),
                    payload=None if payload is None else _pack(payload),
                    enqueued_at=now,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            uid = int(key[0])
        return Task(uid, index_uid, task_type, TaskStatus.ENQUEUED, details or {}, None, now)

    def get_task(self, uid: int) -> Task | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.tasks).where(t.tasks.c.uid == uid)).first()
        return None if row is None else _task(row)

    def task_payload(self, uid: int) -> Any:
        with self.engine.connect() as conn:
            blob = conn.execute(select(t.tasks.c.payload).where(t.tasks.c.uid == uid)).scalar()
        return None if blob is None else _unpack(blob)

    def next_enqueued(self, limit: int = 1) -> list[Task]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.tasks)
                .where(t.tasks.c.status == TaskStatus.ENQUEUED.value)
                .order_by(t.tasks.c.uid)
                .limit(limit)
            ).all()
        return [_task(row) for row in rows]

    def mark_processing(self, uid: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(t.tasks)
                .where(t.tasks.c.uid == uid)
                .values(status=TaskStatus.PROCESSING.value, started_at=utc_now())
            )

    def finish_task(
        self,
        conn: Connection,
        uid: int,
        status: TaskStatus,
        details: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "status": status.value,
            "finished_at": utc_now(),
            "payload": None,
            "error": None if error is None else _dumps(error),
        }
        if details is not None:
            values["details"] = _dumps(details)
        conn.execute(update(t.tasks).where(t.tasks.c.uid == uid).values(**values))

    def insert_finished_task(
        self,
        conn: Connection,
        index_uid: str | None,
        task_type: TaskType,
        details: dict[str, Any],
    ) -> int:
        """Record a task that is applied at once (cancelation, deletion of tasks)."""
        now = utc_now()
        result = conn.execute(
            insert(t.tasks).values(
                index_uid=index_uid,
                type=task_type.value,
                status=TaskStatus.SUCCEEDED.value,
                details=_dumps(details),
                enqueued_at=now,
                started_at=now,
                finished_at=now,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def cancel_enqueued(self, conn: Connection, uids: Sequence[int], by: int) -> int:
        """Cancel the still-enqueued tasks among ``uids`` (a started task cannot be stopped)."""
        total = 0
        for chunk in _chunks(list(uids), 500):
            result = conn.execute(
                update(t.tasks)
                .where(t.tasks.c.uid.in_(chunk), t.tasks.c.status == TaskStatus.ENQUEUED.value)
                .values(
                    status=TaskStatus.CANCELED.value,
                    canceled_by=by,
                    finished_at=utc_now(),
                    payload=None,
                )
            )
            total += int(result.rowcount or 0)
        return total

    def delete_finished_tasks(self, conn: Connection, uids: Sequence[int]) -> int:
        total = 0
        finished = [s.value for s in TaskStatus if s.finished]
        for chunk in _chunks(list(uids), 500):
            result = conn.execute(
                delete(t.tasks).where(t.tasks.c.uid.in_(chunk), t.tasks.c.status.in_(finished))
            )
            total += int(result.rowcount or 0)
        return total

    def rename_index(self, conn: Connection, old: str, new: str) -> None:
        """Move every row of index ``old`` to uid ``new`` (used by index swaps)."""
        for table in (
            t.indexes,
            t.documents,
            t.tombstones,
            t.embeddings,
            t.tasks,
            t.events,
            t.searches,
        ):
            column = table.c.uid if table is t.indexes else table.c.index_uid
            conn.execute(update(table).where(column == old).values({column.name: new}))

    def requeue_interrupted(self) -> int:
        """Tasks left ``processing`` by a crashed worker changed nothing: run them again."""
        with self.transaction() as conn:
            result = conn.execute(
                update(t.tasks)
                .where(t.tasks.c.status == TaskStatus.PROCESSING.value)
                .values(status=TaskStatus.ENQUEUED.value, started_at=None)
            )
        return int(result.rowcount or 0)

    def list_tasks(
        self,
        *,
        uids: Sequence[int] | None = None,
        statuses: Sequence[str] | None = None,
        types: Sequence[str] | None = None,
        index_uids: Sequence[str] | None = None,
        canceled_by: Sequence[int] | None = None,
        from_uid: int | None = None,
        limit: int | None = 20,
        reverse: bool = False,
    ) -> list[Task]:
        order = t.tasks.c.uid.asc() if reverse else t.tasks.c.uid.desc()
        query = select(t.tasks).order_by(order)
        if limit is not None:
            query = query.limit(limit)
        if canceled_by:
            query = query.where(t.tasks.c.canceled_by.in_(list(canceled_by)))
        if uids:
            query = query.where(t.tasks.c.uid.in_(list(uids)))
        if statuses:
            query = query.where(t.tasks.c.status.in_(list(statuses)))
        if types:
            query = query.where(t.tasks.c.type.in_(list(types)))
        if index_uids:
            query = query.where(t.tasks.c.index_uid.in_(list(index_uids)))
        if from_uid is not None:
            query = query.where(t.tasks.c.uid >= from_uid if reverse else t.tasks.c.uid <= from_uid)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [_task(row) for row in rows]

    def last_succeeded_task(self, index_uid: str) -> int:
        """The newest succeeded task of an index: what its derived indexes must have applied."""
        with self.engine.connect() as conn:
            value = conn.execute(
                select(func.max(t.tasks.c.uid)).where(
                    t.tasks.c.index_uid == index_uid,
                    t.tasks.c.status == TaskStatus.SUCCEEDED.value,
                )
            ).scalar()
        return int(value or 0)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def _maybe_connect(engine: Engine, conn: Connection | None) -> Iterator[Connection]:
    if conn is not None:
        yield conn
    else:
        with engine.connect() as c:
            yield c


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _index_record(row: Any) -> IndexRecord:
    return IndexRecord(
        uid=row.uid,
        primary_key=row.primary_key,
        settings=orjson.loads(row.settings),
        fields=orjson.loads(row.fields),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _task(row: Any) -> Task:
    return Task(
        uid=int(row.uid),
        index_uid=row.index_uid,
        type=TaskType(row.type),
        status=TaskStatus(row.status),
        details=orjson.loads(row.details),
        error=None if row.error is None else orjson.loads(row.error),
        enqueued_at=row.enqueued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        canceled_by=row.canceled_by,
    )
