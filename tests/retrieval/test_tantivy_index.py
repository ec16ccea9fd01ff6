"""The tantivy-backed lexical index: the LexicalIndex contract (on disk and in memory), text
analysis, corruption."""

from __future__ import annotations

from pathlib import Path

import pytest
import tantivy

from souk.retrieval.layout import FieldLayout, text_field
from souk.retrieval.protocols import LexicalIndex
from souk.retrieval.tantivy_index import LexicalIndexCorrupt, TantivyIndex, searchable_text
from tests.retrieval.lexical_contract import LexicalIndexContract

LAYOUT = FieldLayout(searchable=("title", "tags"), filterable=("color",), sortable=("price",))


def term_count(index: TantivyIndex, field: str, term: str) -> int:
    return index.count(tantivy.Query.term_query(index.schema, field, term))


def test_searchable_text_is_analysed() -> None:
    text = searchable_text({"title": "Running Shoes", "tags": ["红色连衣裙", 42]}, "tags")
    assert "连衣裙" in text.split() and "42" in text.split()
    assert searchable_text({"title": "Running Shoes"}, "title").split() == [
        "running",
        "run",
        "shoes",
        "shoe",
    ]


def test_upsert_replaces_by_iid_and_delete(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path / "lex", LAYOUT, heap_mb=32)
    index.upsert(
        [
            (1, "a", {"title": "red shoe", "color": "Red", "price": 3}),
            (2, "b", {"title": "blue hat", "color": "Blue"}),
        ]
    )
    index.commit()
    assert index.num_docs() == 2
    index.upsert([(1, "a", {"title": "green shoe"})])
    index.commit()
    assert index.num_docs() == 2
    assert term_count(index, text_field("title"), "red") == 0
    assert term_count(index, text_field("title"), "green") == 1
    index.delete([2])
    index.commit()
    assert index.all_iids() == [1]
    reopened = TantivyIndex(tmp_path / "lex", LAYOUT, heap_mb=32)
    assert reopened.all_iids() == [1]


def test_corrupt_index_is_reported(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path / "lex", LAYOUT, heap_mb=32)
    index.upsert([(1, "a", {"title": "x"})])
    index.commit()
    (tmp_path / "lex" / "meta.json").write_text("{broken")
    with pytest.raises(LexicalIndexCorrupt):
        TantivyIndex(tmp_path / "lex", LAYOUT, heap_mb=32)


class TestTantivyIndexContract(LexicalIndexContract):
    def make_index(self, path: Path, layout: FieldLayout) -> LexicalIndex:
        return TantivyIndex(path, layout, heap_mb=32)


class TestInMemoryTantivyIndexContract(LexicalIndexContract):
    """The read-only runtime's rebuild (``TantivyIndex(None, ...)`` in ``derived``)."""

    persistent = False

    def make_index(self, path: Path, layout: FieldLayout) -> LexicalIndex:
        return TantivyIndex(None, layout, heap_mb=32)
