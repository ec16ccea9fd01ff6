"""The guard's append-only audit log: who, which rule, what action, when (PII redacted)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, or_, select

from souk.guard.pii import redact
from souk.store import schema as t
from souk.store.store import Store

DETAIL_LIMIT = 500


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: float
    index_uid: str | None
    actor: str | None
    conversation_id: str | None
    stage: str  # input, output, catalog
    rule: str
    action: str  # refused, redacted, flagged, regenerated, fallback
    detail: str | None

    def to_dict(self) -> dict[str, Any]:
        from datetime import UTC, datetime

        return {
            "id": self.id,
            "at": datetime.fromtimestamp(self.ts, UTC).isoformat().replace("+00:00", "Z"),
            "indexUid": self.index_uid,
            "actor": self.actor,
            "conversationId": self.conversation_id,
            "stage": self.stage,
            "rule": self.rule,
            "action": self.action,
            "detail": self.detail,
        }


class AuditLog:
    """The guard's append-only audit trail: each decision (stage, rule, action), who, when."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record(
        self,
        *,
        stage: str,
        rule: str,
        action: str,
        index_uid: str | None = None,
        actor: str | None = None,
        conversation_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Append one decision; the detail is PII-redacted and cut to 500 characters."""
        safe = None if detail is None else redact(detail)[0][:DETAIL_LIMIT]
        with self.store.transaction() as conn:
            conn.execute(
                insert(t.audit_log).values(
                    ts=time.time(),
                    index_uid=index_uid,
                    actor=actor,
                    conversation_id=conversation_id,
                    stage=stage,
                    rule=rule,
                    action=action,
                    detail=safe,
                )
            )

    def entries(
        self,
        *,
        index_uid: str | None = None,
        index_patterns: Sequence[str] | None = None,
        rule: str | None = None,
        after_id: int = 0,
        limit: int = 100,
    ) -> list[AuditEntry]:
        """Newest first. ``index_patterns`` (an API key's: ``*``, ``prefix*`` or exact uids)
        keeps only entries of matching indexes (and none without an index)."""
        query = select(t.audit_log).order_by(t.audit_log.c.id.desc()).limit(limit)
        if index_uid is not None:
            query = query.where(t.audit_log.c.index_uid == index_uid)
        if index_patterns is not None and "*" not in index_patterns:
            column = t.audit_log.c.index_uid
            exact = [p for p in index_patterns if not p.endswith("*")]
            prefixes = [p[:-1] for p in index_patterns if p.endswith("*")]
            query = query.where(
                or_(
                    column.in_(exact),
                    *(column.startswith(prefix, autoescape=True) for prefix in prefixes),
                )
            )
        if rule is not None:
            query = query.where(t.audit_log.c.rule == rule)
        if after_id:
            query = query.where(t.audit_log.c.id > after_id)
        with self.store.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            AuditEntry(
                int(r.id),
                float(r.ts),
                r.index_uid,
                r.actor,
                r.conversation_id,
                r.stage,
                r.rule,
                r.action,
                r.detail,
            )
            for r in rows
        ]
