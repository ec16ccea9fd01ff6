"""The store: the source of truth, on SQLite or PostgreSQL through SQLAlchemy Core.

Indexes, documents, embeddings, tasks, keys, webhooks, events, audit and conversations, one
schema module per domain. Everything derived (indexes, models) can be rebuilt from it.
"""
