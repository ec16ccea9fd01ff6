"""One index's open state: its settings, derived indexes and embedders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tantivy

from souk.errors import SoukError
from souk.retrieval.embedders import Embedder
from souk.retrieval.filter_tantivy import compile_filter
from souk.retrieval.filters import FilterError, In, iter_leaves, parse_filter
from souk.retrieval.layout import FieldLayout
from souk.retrieval.protocols import LexicalIndex, VectorIndex
from souk.store.store import IndexRecord, Store


@dataclass
class IndexRuntime:
    """What a search or a task needs of one index, opened by the runtime registry.

    It owns nothing durable: the lexical and vector indexes are caches of the store, and the
    store stays the only place a document body is read from.
    """

    record: IndexRecord
    layout: FieldLayout
    lexical: LexicalIndex
    store: Store
    vectors: dict[str, VectorIndex] = field(default_factory=dict)
    embedders: dict[str, Embedder] = field(default_factory=dict)
    # A reader (a process that is not the writer) reopens when the writer's checkpoint moves.
    writable: bool = True
    checkpoint_stamp: int = 0
    # Tombstones up to this task are gone from the store (every checkpoint had passed them).
    pruned_up_to: int = -1
    # How big one filter may be (settings max_filter_chars, max_filter_values)
    max_filter_chars: int = 100_000
    max_filter_values: int = 10_000

    @property
    def uid(self) -> str:
        return self.record.uid

    @property
    def settings(self) -> dict[str, Any]:
        return self.record.settings

    def lexical_documents(self, iids: list[int]) -> dict[int, dict[str, Any]]:
        """Document bodies by iid, read from the store (the source of truth)."""
        found = self.store.get_documents_by_iid(self.uid, iids)
        return {iid: doc.body for iid, doc in found.items()}

    def compile_filter(self, expression: Any) -> tantivy.Query | None:
        """Parse, check and compile a Meilisearch filter for this index (None = no filter)."""
        try:
            self._check_filter_text(expression)
            node = parse_filter(expression)
            if node is None:
                return None
            values = sum(
                len(leaf.values) if isinstance(leaf, In) else 1 for leaf in iter_leaves(node)
            )
            if values > self.max_filter_values:
                raise FilterError(
                    f"The filter has {values:,} conditions and values; the limit is "
                    f"{self.max_filter_values:,} (setting SOUK_MAX_FILTER_VALUES)."
                )
            patterns = list(self.settings["filterableAttributes"])
            return compile_filter(node, self.lexical.schema, patterns)
        except FilterError as exc:
            raise SoukError(str(exc), "invalid_search_filter") from exc

    def _check_filter_text(self, expression: Any) -> None:
        """Refuse a filter whose expressions are longer than ``max_filter_chars`` together,
        before parsing it (the array form nests at most two levels; deeper is a syntax error
        the parser reports)."""
        total = 0
        pending = [expression]
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                total += len(item)
            elif isinstance(item, list | tuple):
                pending.extend(item)
            if total > self.max_filter_chars:
                raise FilterError(
                    f"The filter is longer than {self.max_filter_chars:,} characters "
                    "(setting SOUK_MAX_FILTER_CHARS)."
                )
