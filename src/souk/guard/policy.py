"""Per-index guard policy (what is checked, thresholds, extra off-limits topics)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

import orjson
from sqlalchemy import delete, select

from souk.errors import SoukError
from souk.store import schema as t
from souk.store.store import Store


@dataclass(frozen=True)
class GuardPolicy:
    moderation: bool = True
    injection: bool = True
    pii_redaction: bool = True
    scope: bool = True
    profanity_threshold: float = 0.85
    blocked_topics: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {_camel(k): v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, raw: Any) -> GuardPolicy:
        if not isinstance(raw, dict):
            raise SoukError("The guard policy must be a JSON object.", "invalid_guard_policy")
        names = {_camel(f.name): f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in names:
                expected = ", ".join(sorted(names))
                raise SoukError(
                    f"Unknown guard policy field `{key}`: expected one of {expected}.",
                    "invalid_guard_policy",
                )
            values[names[key]] = value
        policy = cls(**values)
        for name in ("moderation", "injection", "pii_redaction", "scope"):
            if not isinstance(getattr(policy, name), bool):
                raise SoukError(f"`{_camel(name)}` must be a boolean.", "invalid_guard_policy")
        if (
            not isinstance(policy.profanity_threshold, int | float)
            or not 0 < policy.profanity_threshold <= 1
        ):
            raise SoukError("`profanityThreshold` must be in (0, 1].", "invalid_guard_policy")
        if not isinstance(policy.blocked_topics, list) or not all(
            isinstance(x, str) for x in policy.blocked_topics
        ):
            raise SoukError("`blockedTopics` must be an array of strings.", "invalid_guard_policy")
        return policy


class PolicyStore:
    """Per-index guard policies in the store (what the assistant refuses beyond the defaults)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, index_uid: str) -> GuardPolicy:
        with self.store.engine.connect() as conn:
            row = conn.execute(
                select(t.guard_policies.c.policy).where(t.guard_policies.c.index_uid == index_uid)
            ).first()
        return GuardPolicy() if row is None else GuardPolicy.from_dict(orjson.loads(row.policy))

    def update(self, index_uid: str, patch: dict[str, Any]) -> GuardPolicy:
        policy = GuardPolicy.from_dict({**self.get(index_uid).to_dict(), **patch})
        with self.store.transaction() as conn:
            conn.execute(delete(t.guard_policies).where(t.guard_policies.c.index_uid == index_uid))
            conn.execute(
                t.guard_policies.insert().values(
                    index_uid=index_uid, policy=orjson.dumps(policy.to_dict()).decode()
                )
            )
        return policy

    def reset(self, index_uid: str) -> GuardPolicy:
        with self.store.transaction() as conn:
            conn.execute(delete(t.guard_policies).where(t.guard_policies.c.index_uid == index_uid))
        return GuardPolicy()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
