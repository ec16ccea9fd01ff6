"""API key storage with Meilisearch's rules.

A key's value is never chosen: it is ``HMAC-SHA256(master_key, uid)`` in hex, as in Meilisearch, so
a key is only valid under the master key it was derived from. The value is kept in the table (and
indexed) so a request's bearer token is found with one lookup; :class:`KeyStore` re-derives every
stored value when it starts under a different master key, which is how Meilisearch invalidates all
keys when the master key is rotated.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import (
    delete,
    func,
    insert,
    select,
    update,
)

from souk.errors import SoukError
from souk.store.schema.access import keys
from souk.store.store import Store
from souk.store.task_records import utc_now


@dataclass(frozen=True)
class DefaultKey:
    name: str
    description: str
    actions: tuple[str, ...]
    indexes: tuple[str, ...] = ("*",)


DEFAULT_SEARCH_KEY = DefaultKey(
    "Default Search API Key", "Use it to search from the frontend", ("search",)
)
DEFAULT_ADMIN_KEY = DefaultKey(
    "Default Admin API Key",
    "Use it for anything that is not a search operation. Caution! Do not expose it on a "
    "public frontend",
    ("*",),
)


@dataclass(frozen=True)
class ApiKey:
    """One stored key; ``key`` is the derived value ("" when no master key is set)."""

    uid: str
    key: str
    name: str | None
    description: str | None
    actions: list[str]
    indexes: list[str]
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and (now or utc_now()) >= self.expires_at


def derive_key(master_key: str, uid: str) -> str:
    """Meilisearch's key value: HMAC-SHA256 of the hyphenated lowercase uid, keyed by the master
    key (so anyone with the master key can compute a key's value from its uid)."""
    return hmac.new(master_key.encode(), uid.encode(), hashlib.sha256).hexdigest()


class KeyStore:
    """API keys in ``souk_keys``: create, find by uid or value, list, update, delete.

    It owns key values (derived, re-derived on a master-key change) and the default keys; it
    never decides what a key may do (the API's authenticator does).
    """

    def __init__(self, store: Store, master_key: str | None = None) -> None:
        self.store = store
        self.master_key = master_key
        if master_key is not None:
            self._rederive()

    def _value(self, uid: str) -> str | None:
        return None if self.master_key is None else derive_key(self.master_key, uid)

    def _rederive(self) -> None:
        """Bring stored values in line with the current master key (a no-op unless it changed)."""
        with self.store.transaction() as conn:
            rows = conn.execute(select(keys.c.uid, keys.c.key)).all()
            stale = [(r.uid, self._value(r.uid)) for r in rows if r.key != self._value(r.uid)]
            if stale:
                # Clear first so the unique index never sees a transient duplicate.
                conn.execute(
                    update(keys).where(keys.c.uid.in_([u for u, _ in stale])).values(key=None)
                )
                for uid, value in stale:
                    conn.execute(update(keys).where(keys.c.uid == uid).values(key=value))

    def ensure_default_keys(self) -> list[ApiKey]:
        """Create Meilisearch's two default keys if the store has no key at all."""
        if self.count() > 0:
            return []
        now = utc_now()
        # The search key is created last (and strictly later) so "newest first" lists it first,
        # as Meilisearch does.
        return [
            self._create_default(DEFAULT_ADMIN_KEY, now),
            self._create_default(DEFAULT_SEARCH_KEY, now + timedelta(microseconds=1)),
        ]

    def _create_default(self, spec: DefaultKey, now: datetime) -> ApiKey:
        return self.create(
            name=spec.name,
            description=spec.description,
            actions=spec.actions,
            indexes=spec.indexes,
            now=now,
        )

    def create(
        self,
        *,
        actions: Sequence[str],
        indexes: Sequence[str],
        expires_at: datetime | None = None,
        name: str | None = None,
        description: str | None = None,
        uid: str | None = None,
        now: datetime | None = None,
    ) -> ApiKey:
        """Insert a key; ``uid`` defaults to a random UUID4. 409 if the uid is taken."""
        key_uid = str(uuid.UUID(uid)) if uid is not None else str(uuid.uuid4())
        stamp = now or utc_now()
        with self.store.transaction() as conn:
            taken = conn.execute(select(keys.c.uid).where(keys.c.uid == key_uid)).first()
            if taken is not None:
                raise api_key_already_exists(key_uid)
            conn.execute(
                insert(keys).values(
                    uid=key_uid,
                    key=self._value(key_uid),
                    name=name,
                    description=description,
                    actions=orjson.dumps(list(actions)).decode(),
                    indexes=orjson.dumps(list(indexes)).decode(),
                    expires_at=expires_at,
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
        created = self.get(key_uid)
        assert created is not None
        return created

    def get(self, uid: str) -> ApiKey | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(select(keys).where(keys.c.uid == uid)).first()
        return None if row is None else self._record(row)

    def get_by_key(self, value: str) -> ApiKey | None:
        """The key whose derived value is ``value`` (hex, case-insensitive), if any."""
        if self.master_key is None or not value:
            return None
        with self.store.engine.connect() as conn:
            row = conn.execute(select(keys).where(keys.c.key == value.lower())).first()
        if row is None:
            return None
        record = self._record(row)
        # Constant-time confirmation against a freshly derived value (never trust the column).
        return record if hmac.compare_digest(record.key, value.lower()) else None

    def find(self, uid_or_key: str) -> ApiKey | None:
        """Look up by uid when the string parses as a UUID, else by key value (as Meilisearch)."""
        try:
            uid = str(uuid.UUID(uid_or_key))
        except ValueError:
            return self.get_by_key(uid_or_key)
        return self.get(uid)

    def list_keys(self, offset: int = 0, limit: int | None = None) -> tuple[list[ApiKey], int]:
        """Keys newest first, paginated; returns ``(page, total)``."""
        query = select(keys).order_by(keys.c.created_at.desc(), keys.c.uid).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.store.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [self._record(row) for row in rows], self.count()

    def count(self) -> int:
        with self.store.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(keys)).scalar_one())

    def update(self, uid: str, changes: dict[str, str | None]) -> ApiKey | None:
        """Set ``name``/``description`` (the only mutable fields); ``updated_at`` always moves."""
        unknown = set(changes) - {"name", "description"}
        if unknown:
            raise ValueError(f"immutable key fields: {sorted(unknown)}")
        with self.store.transaction() as conn:
            result = conn.execute(
                update(keys).where(keys.c.uid == uid).values(**changes, updated_at=utc_now())
            )
        return self.get(uid) if result.rowcount else None

    def delete(self, uid: str) -> bool:
        with self.store.transaction() as conn:
            result = conn.execute(delete(keys).where(keys.c.uid == uid))
        return bool(result.rowcount)

    def _record(self, row: Any) -> ApiKey:
        return ApiKey(
            uid=row.uid,
            key=self._value(row.uid) or "",
            name=row.name,
            description=row.description,
            actions=orjson.loads(row.actions),
            indexes=orjson.loads(row.indexes),
            expires_at=_aware(row.expires_at),
            created_at=_aware_required(row.created_at),
            updated_at=_aware_required(row.updated_at),
        )


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _aware_required(value: datetime) -> datetime:
    aware = _aware(value)
    assert aware is not None
    return aware


def api_key_not_found(uid_or_key: str) -> SoukError:
    return SoukError(f"API key `{uid_or_key}` not found.", "api_key_not_found")


def api_key_already_exists(uid: str) -> SoukError:
    return SoukError(
        f"`uid` field value `{uid}` is already an existing API key.",
        "api_key_already_exists",
    )
