"""The store: the source of truth (SQLAlchemy Core on SQLite or PostgreSQL): documents, tasks, keys, webhooks, settings."""
