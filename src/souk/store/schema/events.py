"""Behaviour tables: shoppers' events and the searches the API served."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from souk.store.schema.base import metadata

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
