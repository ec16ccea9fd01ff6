"""The store's tables (SQLAlchemy Core): one schema for SQLite and PostgreSQL, one module per
domain, all registered in one ``metadata`` so the store creates every table at start."""

from souk.store.schema.access import keys
from souk.store.schema.assistant import conversations
from souk.store.schema.base import metadata
from souk.store.schema.catalog import documents, embeddings, indexes, tombstones
from souk.store.schema.events import events, searches
from souk.store.schema.guard import audit_log, guard_policies
from souk.store.schema.tasks import tasks
from souk.store.schema.webhooks import webhooks

__all__ = [
    "audit_log",
    "conversations",
    "documents",
    "embeddings",
    "events",
    "guard_policies",
    "indexes",
    "keys",
    "metadata",
    "searches",
    "tasks",
    "tombstones",
    "webhooks",
]
