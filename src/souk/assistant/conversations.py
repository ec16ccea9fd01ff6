"""Stored conversation turns (redacted text, cited product ids), for audit and analytics."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import orjson
from sqlalchemy import insert, select

from souk.guard.pii import redact
from souk.store import schema as t
from souk.store.store import Store


@dataclass(frozen=True)
class StoredTurn:
    role: str
    content: str
    products: list[str]
    ts: float


class ConversationStore:
    """Conversation turns in the store, PII redacted before they are written; append-only."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def append(
        self,
        conversation_id: str,
        index_uid: str,
        role: str,
        content: str,
        products: Sequence[str] = (),
    ) -> None:
        """Every stored text is redacted here, whatever the caller did before."""
        with self.store.transaction() as conn:
            conn.execute(
                insert(t.conversations).values(
                    conversation_id=conversation_id,
                    index_uid=index_uid,
                    role=role,
                    content=redact(content)[0],
                    products=orjson.dumps(list(products)).decode(),
                    ts=time.time(),
                )
            )

    def turns(self, conversation_id: str) -> list[StoredTurn]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(t.conversations)
                .where(t.conversations.c.conversation_id == conversation_id)
                .order_by(t.conversations.c.id)
            ).all()
        return [StoredTurn(r.role, r.content, orjson.loads(r.products), float(r.ts)) for r in rows]

    def all_texts(self) -> list[str]:
        with self.store.engine.connect() as conn:
            return [r.content for r in conn.execute(select(t.conversations.c.content)).all()]
