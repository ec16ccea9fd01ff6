"""Webhook table: where task notifications are sent."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Table, Text

from souk.store.schema.base import metadata

webhooks = Table(
    "souk_webhooks",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("url", Text, nullable=False),
    Column("headers", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
