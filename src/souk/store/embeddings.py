"""Embedding rows: each document's vector per embedder, kept so rebuilds never re-embed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from souk.store import schema as t
from souk.store.database import Database, chunks


class EmbeddingRows(Database):
    """The ``souk_embeddings`` table."""

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
        for chunk in chunks(values, 500):
            conn.execute(stmt, chunk)

    def embedding_hashes(self, uid: str, embedder: str, iids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        with self.engine.connect() as conn:
            for chunk in chunks(list(iids), 500):
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
                for chunk in chunks(sorted(iids), batch_size):
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
