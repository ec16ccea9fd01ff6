"""What an index can filter and sort on: its facet values and numeric attributes.

Read once from the lexical index's facet columns (the same aggregation facet counts use) and
kept until the index changes, so understanding a query costs no index access.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import tantivy

from souk.runtime.index_runtime import IndexRuntime
from souk.search.facets import facet_distribution

#: attributes with more distinct values than this are identifiers, not vocabulary
MAX_VALUES = 2000


@dataclass
class IndexVocabulary:
    """Filterable string values per attribute, numeric filterables, and sortable attributes."""

    values: dict[str, list[str]] = field(default_factory=dict)
    numeric: set[str] = field(default_factory=set)
    sortable: set[str] = field(default_factory=set)

    @classmethod
    def of(
        cls,
        values: Mapping[str, Sequence[str]],
        *,
        numeric: Sequence[str] = (),
        sortable: Sequence[str] = (),
    ) -> IndexVocabulary:
        return cls({k: list(v) for k, v in values.items()}, set(numeric), set(sortable))

    def attribute(self, candidates: Sequence[str], *, numeric: bool = False) -> str | None:
        """The first of ``candidates`` the index can filter on (as a number if ``numeric``)."""
        pool = self.numeric if numeric else set(self.values)
        for name in candidates:
            if name in pool:
                return name
        return None


_cache: weakref.WeakKeyDictionary[object, tuple[object, IndexVocabulary]] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def vocabulary_of(runtime: IndexRuntime) -> IndexVocabulary:
    """The vocabulary of an index as it is now (cached until its searcher changes)."""
    lexical = runtime.lexical
    searcher = lexical.searcher
    with _lock:
        cached = _cache.get(lexical)
        if cached is not None and cached[0] is searcher:
            return cached[1]
    filterable = list(runtime.layout.filterable)
    distribution, stats = facet_distribution(
        searcher, tantivy.Query.all_query(), filterable, max_values=MAX_VALUES + 1
    )
    values: dict[str, list[str]] = {}
    for attribute, counts in distribution.items():
        if counts and len(counts) <= MAX_VALUES:
            values[attribute] = list(counts)
    vocabulary = IndexVocabulary(values, set(stats), set(runtime.layout.sortable))
    with _lock:
        _cache[lexical] = (searcher, vocabulary)
    return vocabulary
