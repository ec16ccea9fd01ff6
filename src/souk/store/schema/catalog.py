"""Catalog tables: indexes, documents, tombstones, embeddings.

Documents carry ``iid``, a per-index integer that never changes for a document id and is never
reused; derived indexes (tantivy, vectors) address documents by it. ``task_uid`` on documents and
tombstones records the task that last touched them, so a derived index that is behind can catch up
from its checkpoint without a full rebuild.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, LargeBinary, String, Table, Text

from souk.store.schema.base import metadata

indexes = Table(
    "souk_indexes",
    metadata,
    Column("uid", String(512), primary_key=True),
    Column("primary_key", String(512), nullable=True),
    Column("settings", Text, nullable=False),
    Column("fields", Text, nullable=False),
    Column("next_iid", BigInteger, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "souk_documents",
    metadata,
    Column("index_uid", String(512), primary_key=True),
    Column("doc_id", String(512), primary_key=True),
    Column("iid", BigInteger, nullable=False),
    Column("task_uid", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_souk_documents_iid", "index_uid", "iid", unique=True),
    Index("ix_souk_documents_task", "index_uid", "task_uid"),
)

tombstones = Table(
    "souk_tombstones",
    metadata,
    Column("index_uid", String(512), primary_key=True),
    Column("iid", BigInteger, primary_key=True),
    Column("doc_id", String(512), nullable=False),
    Column("task_uid", BigInteger, nullable=False),
    Index("ix_souk_tombstones_task", "index_uid", "task_uid"),
)

embeddings = Table(
    "souk_embeddings",
    metadata,
    Column("index_uid", String(512), primary_key=True),
    Column("embedder", String(128), primary_key=True),
    Column("iid", BigInteger, primary_key=True),
    Column("text_hash", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)
