"""Which attributes the lexical index holds, and as which tantivy fields.

The layout is derived from an index's settings and the attributes seen in its documents; a
change of layout means a rebuild of the lexical index from the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from souk.retrieval.filter_fields import expand_attributes

IID_FIELD = "_iid"
ID_FIELD = "_id"
LAYOUT_VERSION = 2


def text_field(attribute: str) -> str:
    return f"t:{attribute}"


def facet_field(attribute: str) -> str:
    """Original-case string values (fast, for facet distribution labels)."""
    return f"fct:{attribute}"


def sort_number_field(attribute: str) -> str:
    return f"srt:{attribute}"


def sort_string_field(attribute: str) -> str:
    return f"srs:{attribute}"


@dataclass(frozen=True)
class FieldLayout:
    """Which attributes an index searches, filters, sorts and facets on, from its settings and
    the fields seen in its documents; derived indexes are built to this layout."""

    searchable: tuple[str, ...]
    filterable: tuple[str, ...]
    sortable: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], fields: Sequence[str]) -> FieldLayout:
        searchable = list(settings["searchableAttributes"])
        if searchable == ["*"]:
            searchable = [f for f in fields if "." not in f]
        # A tantivy schema needs one field per concrete path: `category` also covers
        # `category.lvl0` when documents have it, and `*` covers every attribute seen.
        filterable = expand_attributes(list(settings["filterableAttributes"]), fields)
        distinct = settings.get("distinctAttribute")
        if distinct and distinct not in filterable:
            filterable.append(distinct)
        sortable = list(settings["sortableAttributes"])
        if "*" in sortable:
            sortable = [f for f in fields]
        return cls(tuple(searchable), tuple(filterable), tuple(sortable))

    def fingerprint(self) -> str:
        blob = orjson.dumps(
            {
                "v": LAYOUT_VERSION,
                "searchable": self.searchable,
                "filterable": self.filterable,
                "sortable": self.sortable,
            }
        )
        return hashlib.sha256(blob).hexdigest()[:16]

    def weight(self, attribute: str) -> float:
        """Field weight by searchableAttributes order: the first attribute weighs most."""
        rank = self.searchable.index(attribute)
        return max(1.0, 3.0 * (0.8**rank))


def leaf_values(doc: Mapping[str, Any], path: str) -> list[Any]:
    """Every leaf value at a dotted path (literal key first), arrays and objects flattened."""
    if path in doc:
        return _flatten(doc[path])
    current: list[Any] = [doc]
    for part in path.split("."):
        nxt: list[Any] = []
        for item in current:
            for node in item if isinstance(item, list) else [item]:
                if isinstance(node, Mapping) and part in node:
                    nxt.append(node[part])
        current = nxt
    out: list[Any] = []
    for item in current:
        out.extend(_flatten(item))
    return out


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            out.extend(_flatten(item))
        return out
    if isinstance(value, Mapping):
        out = []
        for item in value.values():
            out.extend(_flatten(item))
        return out
    return [value]
