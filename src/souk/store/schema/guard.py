"""Guard tables: the append-only audit log and per-index policies."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from souk.store.schema.base import metadata

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
