"""Document rows and their tombstones, addressed by id or by the per-index ``iid``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from souk.store import schema as t
from souk.store.database import Database, chunks, dumps, maybe_connect
from souk.store.records import StoredDocument


class DocumentRows(Database):
    """Documents (the source of truth) and the tombstones derived indexes catch up from."""

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
                "body": dumps(body),
            }
            for doc_id, body in dict(docs).items()
        ]
        dialect = sqlite if self.is_sqlite else postgresql
        stmt = dialect.insert(t.documents)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.documents.c.index_uid, t.documents.c.doc_id],
            set_={"body": stmt.excluded.body, "task_uid": stmt.excluded.task_uid},
        )
        for chunk in chunks(rows, 500):
            conn.execute(stmt, chunk)
        return {doc_id: existing[doc_id] for doc_id in ids}

    def _iids(self, conn: Connection, uid: str, ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(list(dict.fromkeys(ids)), 500):
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
        for chunk in chunks(list(gone), 500):
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
        with maybe_connect(self.engine, conn) as c:
            for chunk in chunks(list(dict.fromkeys(ids)), 500):
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
            for chunk in chunks(list(dict.fromkeys(iids)), 500):
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
        with maybe_connect(self.engine, conn) as c:
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
