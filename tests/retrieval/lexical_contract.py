"""The contract every :class:`~souk.retrieval.protocols.LexicalIndex` implementation passes.

A reusable suite: subclass :class:`LexicalIndexContract` in a test module, under a name pytest
collects, and implement :meth:`~LexicalIndexContract.make_index`::

    class TestTantivyIndexContract(LexicalIndexContract):
        def make_index(self, path: Path, layout: FieldLayout) -> LexicalIndex:
            return TantivyIndex(path, layout, heap_mb=32)

It pins what the layers above rely on: replacement and deletion by iid, writes invisible until
:meth:`commit` (and gone after :meth:`rollback`), :meth:`reload` picking up another handle's
commit, and the read side (``count``, ``all_iids``, ``iids``, ``document_frequency``,
``num_docs``) used by the keyword search, the filters, the facets and the spelling corrector.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
import tantivy

from souk.retrieval.filter_tantivy import compile_filter
from souk.retrieval.filters import parse_filter
from souk.retrieval.layout import IID_FIELD, FieldLayout, sort_number_field, text_field
from souk.retrieval.protocols import LexicalIndex

LAYOUT = FieldLayout(
    searchable=("title", "tags"), filterable=("color", "brand"), sortable=("price",)
)

# "red" is in the title of 2 documents and in the tags of 3: 4 documents in all.
DOCS: list[tuple[int, str, dict[str, Any]]] = [
    (1, "a", {"title": "red shoe", "tags": ["sale"], "color": "red", "brand": "Acme", "price": 30}),
    (2, "b", {"title": "blue hat", "tags": ["red"], "color": "blue", "brand": "Acme", "price": 10}),
    (3, "c", {"title": "red dress", "tags": ["red", "new"], "color": "red", "price": 50}),
    (7, "g", {"title": "green cap", "tags": ["red"], "color": "green", "brand": "Zo", "price": 20}),
]  # fmt: skip
ALL = [1, 2, 3, 7]


def term(index: LexicalIndex, attribute: str, word: str) -> tantivy.Query:
    """The query for one analysed word in one searchable attribute."""
    return tantivy.Query.term_query(index.schema, text_field(attribute), word)


def matching(index: LexicalIndex, attribute: str, word: str) -> list[int]:
    return sorted(index.all_iids(term(index, attribute, word)))


def filtered(index: LexicalIndex, expression: str) -> list[int]:
    """The iids a filter expression selects, compiled against the index's own schema."""
    node = parse_filter(expression)
    assert node is not None
    return sorted(index.all_iids(compile_filter(node, index.schema, index.layout.filterable)))


def hit_iids(index: LexicalIndex, query: tantivy.Query, **options: Any) -> list[int]:
    """The iids of a search through the index's searcher, in hit order."""
    result = index.searcher.search(query, limit=100, **options)
    return index.iids([address for _, address in result.hits])


class LexicalIndexContract:
    """Tests every lexical index passes; subclasses say how to open one."""

    #: False for an implementation without files: the tests of two handles on one path skip.
    persistent: ClassVar[bool] = True

    def make_index(self, path: Path, layout: FieldLayout) -> LexicalIndex:
        """A new handle on the index at ``path`` (an empty index if nothing is there yet)."""
        raise NotImplementedError

    @pytest.fixture
    def path(self, tmp_path: Path) -> Path:
        return tmp_path / "lexical"

    @pytest.fixture
    def index(self, path: Path) -> LexicalIndex:
        return self.make_index(path, LAYOUT)

    @pytest.fixture
    def filled(self, index: LexicalIndex) -> LexicalIndex:
        index.upsert(DOCS)
        index.commit()
        return index

    def requires_files(self) -> None:
        if not self.persistent:
            pytest.skip("an in-memory index has no path to share")

    # -- shape -------------------------------------------------------------------------------

    def test_conforms_to_the_protocol(self, index: LexicalIndex) -> None:
        assert isinstance(index, LexicalIndex)
        assert index.layout == LAYOUT
        assert isinstance(index.schema, tantivy.Schema)
        assert isinstance(index.searcher, tantivy.Searcher)

    def test_a_new_index_is_empty(self, index: LexicalIndex) -> None:
        assert index.num_docs() == 0
        assert index.all_iids() == []
        assert index.all_iids(term(index, "title", "red")) == []
        assert index.count(tantivy.Query.all_query()) == 0
        assert index.iids([]) == []
        assert index.document_frequency("red") == 0
        index.commit()  # committing nothing is fine
        assert index.num_docs() == 0

    # -- writes and their visibility ---------------------------------------------------------

    def test_writes_are_invisible_until_commit(self, index: LexicalIndex) -> None:
        assert index.upsert(doc for doc in DOCS) == len(DOCS)  # any iterable, e.g. a generator
        assert index.num_docs() == 0
        assert index.all_iids() == []
        assert index.count(tantivy.Query.all_query()) == 0
        index.commit()
        assert index.num_docs() == len(DOCS)
        assert sorted(index.all_iids()) == ALL
        assert index.count(tantivy.Query.all_query()) == len(DOCS)

    def test_upsert_replaces_by_iid(self, filled: LexicalIndex) -> None:
        assert filled.upsert([(1, "a", {"title": "yellow boot", "color": "yellow"})]) == 1
        assert matching(filled, "title", "red") == [1, 3]  # not committed yet
        filled.commit()
        assert filled.num_docs() == len(DOCS)
        assert matching(filled, "title", "red") == [3]
        assert matching(filled, "title", "yellow") == [1]
        assert matching(filled, "tags", "sale") == []  # the old body is gone entirely
        assert filtered(filled, "color = red") == [3]
        assert filtered(filled, "color = yellow") == [1]
        assert filtered(filled, "brand = Acme") == [2]

    def test_delete_by_iid(self, filled: LexicalIndex) -> None:
        filled.delete([2, 99])  # an unknown iid is ignored
        filled.delete(iid for iid in [2])  # twice, and from a generator
        assert sorted(filled.all_iids()) == ALL  # not committed yet
        filled.commit()
        assert filled.num_docs() == 3
        assert sorted(filled.all_iids()) == [1, 3, 7]
        assert matching(filled, "tags", "red") == [3, 7]
        assert filled.count(term(filled, "title", "blue")) == 0
        assert filtered(filled, "brand = Acme") == [1]

    def test_deleted_iids_can_come_back(self, filled: LexicalIndex) -> None:
        filled.delete([3])
        filled.commit()
        filled.upsert([(3, "c", {"title": "red scarf"})])
        filled.commit()
        assert sorted(filled.all_iids()) == ALL
        assert matching(filled, "title", "scarf") == [3]

    def test_delete_all(self, filled: LexicalIndex) -> None:
        filled.delete_all()
        assert filled.num_docs() == len(DOCS)  # not committed yet
        filled.commit()
        assert filled.num_docs() == 0
        assert filled.all_iids() == []
        filled.upsert(DOCS[:1])
        filled.commit()
        assert filled.all_iids() == [1]

    def test_rollback_discards_buffered_writes(self, filled: LexicalIndex) -> None:
        filled.upsert([(9, "i", {"title": "purple scarf"}), (1, "a", {"title": "grey sock"})])
        filled.delete([2])
        filled.rollback()
        filled.commit()  # nothing is left to commit
        assert sorted(filled.all_iids()) == ALL
        assert matching(filled, "title", "purple") == []
        assert matching(filled, "title", "red") == [1, 3]
        filled.rollback()  # with nothing buffered: harmless
        filled.upsert([(9, "i", {"title": "purple scarf"})])  # and writing goes on
        filled.commit()
        assert sorted(filled.all_iids()) == [*ALL, 9]

    # -- reading -----------------------------------------------------------------------------

    def test_count_and_all_iids_of_a_query(self, filled: LexicalIndex) -> None:
        assert filled.count(term(filled, "title", "red")) == 2
        assert filled.count(term(filled, "tags", "red")) == 3
        assert filled.count(tantivy.Query.all_query()) == len(DOCS)
        assert matching(filled, "title", "red") == [1, 3]
        assert sorted(filled.all_iids(None)) == ALL
        assert filled.all_iids(term(filled, "title", "nothing")) == []
        assert filtered(filled, "color = red") == [1, 3]
        assert filtered(filled, "brand = Acme OR color = green") == [1, 2, 7]

    def test_iids_resolve_the_searchers_hits(self, filled: LexicalIndex) -> None:
        result = filled.searcher.search(term(filled, "tags", "red"), limit=10)
        iids = filled.iids([address for _, address in result.hits])
        assert len(iids) == len(result.hits) and sorted(iids) == [2, 3, 7]
        assert filled.iids([result.hits[0][1]]) == iids[:1]
        # browsing in iid order and sorting by a sortable attribute (the keyword search does)
        browse = hit_iids(
            filled, tantivy.Query.all_query(), order_by_field=IID_FIELD, order=tantivy.Order.Asc
        )
        assert browse == ALL
        by_price = hit_iids(
            filled,
            tantivy.Query.all_query(),
            order_by_field=sort_number_field("price"),
            order=tantivy.Order.Asc,
        )
        assert by_price == [2, 7, 1, 3]

    def test_hits_resolve_through_their_own_searcher_after_a_commit(
        self, filled: LexicalIndex
    ) -> None:
        """A search running while a write commits: its addresses belong to the snapshot it
        searched (resolving them with the new one raised `Invalid segment_ord`, a 500 under
        the soak's mixed load, or named other documents)."""
        before = filled.searcher
        result = before.search(term(filled, "tags", "red"), limit=10)
        addresses = [address for _, address in result.hits]
        expected = filled.iids(addresses, before)
        filled.delete([2, 3])
        filled.upsert([(20 + i, f"n{i}", {"title": f"new {i}", "tags": ["x"]}) for i in range(50)])
        filled.commit()
        assert filled.searcher is not before
        assert filled.iids(addresses, before) == expected
        assert sorted(expected) == [2, 3, 7]

    def test_document_frequency_counts_the_commonest_field(self, filled: LexicalIndex) -> None:
        assert filled.document_frequency("red") == 3  # tags: 3, title: 2 (not 4, not 5)
        assert filled.document_frequency("shoe") == 1
        assert filled.document_frequency("sale") == 1
        assert filled.document_frequency("nothing") == 0

    # -- several handles on one path ---------------------------------------------------------

    def test_reload_sees_another_handles_commit(self, path: Path) -> None:
        self.requires_files()
        reader = self.make_index(path, LAYOUT)
        writer = self.make_index(path, LAYOUT)
        writer.upsert(DOCS)
        writer.commit()
        reader.reload()
        assert reader.num_docs() == len(DOCS)
        assert sorted(reader.all_iids()) == ALL
        assert matching(reader, "title", "red") == [1, 3]
        writer.upsert([(9, "i", {"title": "purple scarf"})])
        writer.delete([1])
        reader.reload()  # another handle's uncommitted writes stay invisible
        assert sorted(reader.all_iids()) == ALL
        writer.commit()
        reader.reload()
        assert sorted(reader.all_iids()) == [2, 3, 7, 9]
        assert matching(reader, "title", "purple") == [9]

    def test_commits_are_durable(self, path: Path) -> None:
        self.requires_files()
        first = self.make_index(path, LAYOUT)
        first.upsert(DOCS)
        first.commit()
        first.upsert([(9, "i", {"title": "purple scarf"})])
        first.rollback()
        reopened = self.make_index(path, LAYOUT)
        assert sorted(reopened.all_iids()) == ALL
        assert reopened.document_frequency("red") == 3
        assert filtered(reopened, "color = red") == [1, 3]
