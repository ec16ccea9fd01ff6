"""Assistant tables: conversation turns as stored (PII redacted first)."""

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
