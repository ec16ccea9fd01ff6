"""The task queue: enqueue, claim, finish, cancel and delete tasks; list them with filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, case, delete, func, insert, select, update

from souk.store import schema as t
from souk.store.database import Database, chunks, dumps, pack, unpack
from souk.store.task_records import (
    METADATA_KEY,
    Task,
    TaskStatus,
    TaskType,
    custom_metadata,
    utc_now,
)


class TaskQueue(Database):
    """The ``souk_tasks`` table: the queue the one writer drains in order."""

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
                    details=dumps(details or {}),
                    payload=None if payload is None else pack(payload),
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
        return None if blob is None else unpack(blob)

    def next_enqueued(self, limit: int = 1) -> list[Task]:
        """The next tasks to run, in order, task cancelations first (as in Meilisearch, a
        cancelation does not wait behind the tasks it cancels)."""
        cancelation_first = case((t.tasks.c.type == TaskType.TASK_CANCELATION.value, 0), else_=1)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.tasks)
                .where(t.tasks.c.status == TaskStatus.ENQUEUED.value)
                .order_by(cancelation_first, t.tasks.c.uid)
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
            "error": None if error is None else dumps(error),
        }
        if details is not None:
            values["details"] = dumps(details)
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
                details=dumps(details),
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
        for chunk in chunks(list(uids), 500):
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
        for chunk in chunks(list(uids), 500):
            result = conn.execute(
                delete(t.tasks).where(t.tasks.c.uid.in_(chunk), t.tasks.c.status.in_(finished))
            )
            total += int(result.rowcount or 0)
        return total

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
