"""The store: the source of truth, on SQLite (WAL) or PostgreSQL through SQLAlchemy Core.

Everything else (lexical index, vectors, trained models) is derived from what is here and can be
rebuilt from it. A task's writes and its ``succeeded`` status commit in one transaction, so a
task that the store reports as succeeded is durable and a task that failed or never finished
changed nothing.
"""

from __future__ import annotations

from souk.store.documents import DocumentRows
from souk.store.embeddings import EmbeddingRows
from souk.store.indexes import IndexRows
from souk.store.records import IndexRecord, StoredDocument
from souk.store.task_queue import TaskQueue

__all__ = ["IndexRecord", "Store", "StoredDocument"]


class Store(IndexRows, DocumentRows, EmbeddingRows, TaskQueue):
    """The catalog's tables in one place: indexes, documents, embeddings, tasks.

    One class so a task can write documents, embeddings and its own status in one transaction
    (:meth:`transaction`); each group of tables is a row class in its own module. Other domains
    (keys, webhooks, events, audit, conversations) keep their own small stores over the same
    database. The store knows nothing of search, derived indexes or HTTP.
    """
