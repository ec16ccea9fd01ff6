"""What the store returns: an index's record and a stored document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IndexRecord:
    """An index as the store keeps it: uid, primary key, settings and the fields seen."""

    uid: str
    primary_key: str | None
    settings: dict[str, Any]
    fields: list[str]
    created_at: Any
    updated_at: Any


@dataclass(frozen=True)
class StoredDocument:
    """A document's body with its id and its per-index integer id (``iid``, never reused)."""

    doc_id: str
    iid: int
    body: dict[str, Any]
