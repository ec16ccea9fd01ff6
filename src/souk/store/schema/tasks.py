"""The task queue's table."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from souk.store.schema.base import metadata

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
