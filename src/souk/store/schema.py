"""The store's tables (SQLAlchemy Core): one schema for SQLite and PostgreSQL.

Documents carry ``iid``, a per-index integer that never changes for a document id and is never
reused; derived indexes (tantivy, vectors) address documents by it. ``task_uid`` on documents and
tombstones records the task that last touched them, so a derived index that is behind can catch up
from its checkpoint without a full rebuild.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

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

tasks = Table(
    "souk_tasks",
    metadata,
    Column("uid", Integer, primary_key=True, autoincrement=True),
    Column("index_uid", String(512), nullable=True),
    Column("type", String(64), nullable=False),
    Column("status", String(32), nullable=False),
    Column("details", Text, nullable=False),
    Column("error", Text, nullable=True),
    Column("payload", LargeBinary, nullable=True),
    Column("canceled_by", BigInteger, nullable=True),
    Column("enqueued_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Index("ix_souk_tasks_status", "status", "uid"),
    Index("ix_souk_tasks_index", "index_uid", "uid"),
)

# Behaviour events (views, clicks, carts, purchases, searches), append-only. ``ts`` is the
# event's own time (epoch seconds); ``id`` orders arrival, so training can resume after an id.
events = Table(
    "souk_events",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("index_uid", String(512), nullable=False),
    Column("type", String(16), nullable=False),
    Column("user_id", String(512), nullable=True),
    Column("session_id", String(512), nullable=False),
    Column("product_id", String(512), nullable=True),
    Column("query", Text, nullable=True),
    Column("query_uid", String(64), nullable=True),
    Column("position", Integer, nullable=True),
    Column("ts", Float, nullable=False),
    Column("known_product", Boolean, nullable=True),
    Index("ix_souk_events_index", "index_uid", "id"),
    Index("ix_souk_events_query_uid", "index_uid", "query_uid"),
    Index("ix_souk_events_user", "index_uid", "user_id", "id"),
    Index("ix_souk_events_session", "index_uid", "session_id", "id"),
)

# What the API's searches asked and showed (for analytics and click-through signals): written
# in batches off the request path, so a crash may lose the last second of it, never an event.
searches = Table(
    "souk_searches",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("index_uid", String(512), nullable=False),
    Column("query_uid", String(64), nullable=False),
    Column("query", Text, nullable=False),
    Column("nb_hits", Integer, nullable=False),
    Column("hit_ids", Text, nullable=False),
    Column("ts", Float, nullable=False),
    Index("ix_souk_searches_index", "index_uid", "ts"),
    Index("ix_souk_searches_query_uid", "query_uid"),
)

# Guard decisions, append-only: nothing in souk updates or deletes a row (who, what rule, when).
audit_log = Table(
    "souk_audit_log",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("ts", Float, nullable=False),
    Column("index_uid", String(512), nullable=True),
    Column("actor", String(512), nullable=True),
    Column("conversation_id", String(128), nullable=True),
    Column("stage", String(16), nullable=False),
    Column("rule", String(128), nullable=False),
    Column("action", String(16), nullable=False),
    Column("detail", Text, nullable=True),
    Index("ix_souk_audit_index", "index_uid", "id"),
)

guard_policies = Table(
    "souk_guard_policies",
    metadata,
    Column("index_uid", String(512), primary_key=True),
    Column("policy", Text, nullable=False),
)

# Assistant turns as stored (PII redacted before they are written).
conversations = Table(
    "souk_conversations",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("conversation_id", String(128), nullable=False),
    Column("index_uid", String(512), nullable=False),
    Column("role", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("products", Text, nullable=False),
    Column("ts", Float, nullable=False),
    Index("ix_souk_conversations_id", "conversation_id", "id"),
)
