"""``distinct``: one hit per value of an attribute, the best ranked one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from souk.retrieval.layout import leaf_values
from souk.search.candidates import Candidate
from souk.text.normalize import normalize_value


def keep_distinct(
    ranked: list[Candidate], docs: Mapping[int, Mapping[str, Any]], attribute: str
) -> list[Candidate]:
    """The first candidate of each value of ``attribute`` (documents without one all stay)."""
    seen: set[str] = set()
    kept: list[Candidate] = []
    for hit in ranked:
        values = leaf_values(docs.get(hit.iid, {}), attribute)
        key = normalize_value(values[0]) if values else f"\0{hit.iid}"
        if key in seen:
            continue
        seen.add(key)
        kept.append(hit)
    return kept
