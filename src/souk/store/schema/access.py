"""Access tables: API keys (each value derived from the master key, see souk.store.keys)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, String, Table, Text

from souk.store.schema.base import metadata

keys = Table(
    "souk_keys",
    metadata,
    Column("uid", String(36), primary_key=True),
    Column("key", String(64), nullable=True),
    Column("name", Text, nullable=True),
    Column("description", Text, nullable=True),
    Column("actions", Text, nullable=False),
    Column("indexes", Text, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_souk_keys_key", "key", unique=True),
)
