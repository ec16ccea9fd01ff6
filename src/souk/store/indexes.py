"""Index rows: settings, fields, primary key; renames and swaps move every row of an index."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, delete, insert, select, update

from souk.store import schema as t
from souk.store.database import Database, dumps
from souk.store.records import IndexRecord
from souk.store.task_records import (
    utc_now,
)


class IndexRows(Database):
    """The ``souk_indexes`` table, and the index-wide operations over every domain's rows."""

    def insert_index(
        self, conn: Connection, uid: str, primary_key: str | None, settings: dict[str, Any]
    ) -> None:
        now = utc_now()
        conn.execute(
            insert(t.indexes).values(
                uid=uid,
                primary_key=primary_key,
                settings=dumps(settings),
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
            values["settings"] = dumps(settings)
        if fields is not None:
            values["fields"] = dumps(fields)
        conn.execute(update(t.indexes).where(t.indexes.c.uid == uid).values(**values))

    def delete_index(self, conn: Connection, uid: str) -> None:
        for table in (t.documents, t.tombstones, t.embeddings, t.events, t.searches):
            conn.execute(delete(table).where(table.c.index_uid == uid))
        conn.execute(delete(t.indexes).where(t.indexes.c.uid == uid))

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


def _index_record(row: Any) -> IndexRecord:
    return IndexRecord(
        uid=row.uid,
        primary_key=row.primary_key,
        settings=orjson.loads(row.settings),
        fields=orjson.loads(row.fields),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
