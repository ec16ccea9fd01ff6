"""Per-index state the engine keeps open: settings, derived indexes and embedders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from souk.retrieval.embedders import Embedder
from souk.retrieval.layout import FieldLayout
from souk.retrieval.lexical import LexicalIndex
from souk.retrieval.vector import VectorIndex
from souk.store.store import IndexRecord, Store


@dataclass
class IndexRuntime:
    record: IndexRecord
    layout: FieldLayout
    lexical: LexicalIndex
    store: Store
    vectors: dict[str, VectorIndex] = field(default_factory=dict)
    embedders: dict[str, Embedder] = field(default_factory=dict)
    # A reader (a process that is not the writer) reopens when the writer's checkpoint moves.
    writable: bool = True
    checkpoint_stamp: int = 0

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
