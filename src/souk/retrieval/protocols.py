"""What the layers above need of a lexical index and of a vector index.

Each protocol has one contract test suite (``tests/retrieval/lexical_contract.py`` and
``tests/retrieval/vector_contract.py``, reusable test classes) that every implementation passes;
today tantivy (:class:`~souk.retrieval.tantivy_index.TantivyIndex`, run in
``test_tantivy_index.py``) and hnswlib (:class:`~souk.retrieval.hnsw_index.HnswIndex`, run in
``test_hnsw_index.py``). A new implementation is one module here, a subclass of the contract
suite, and the line in :mod:`souk.runtime.derived` that opens it.

Documents are addressed by ``iid``: the store's per-index integer id, never reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import tantivy
from numpy.typing import ArrayLike, NDArray

from souk.retrieval.layout import FieldLayout

IdArray = NDArray[np.int64]
FloatArray = NDArray[np.float32]


@runtime_checkable
class LexicalIndex(Protocol):
    """Full-text and fast-field index of one souk index's documents.

    Queries are tantivy queries: the filter compiler, the keyword query builder and the facet
    counter speak tantivy's query language, so ``schema`` and ``searcher`` are part of the
    contract. Writes are buffered until :meth:`commit`; readers see the last commit.
    """

    layout: FieldLayout

    @property
    def schema(self) -> tantivy.Schema: ...

    @property
    def searcher(self) -> tantivy.Searcher: ...

    def upsert(self, docs: Iterable[tuple[int, str, Mapping[str, Any]]]) -> int:
        """Add or replace documents given as ``(iid, doc_id, body)``; how many."""
        ...

    def delete(self, iids: Iterable[int]) -> None: ...

    def delete_all(self) -> None: ...

    def commit(self) -> None:
        """Make buffered writes durable and visible to new searches."""
        ...

    def rollback(self) -> None:
        """Discard buffered writes."""
        ...

    def reload(self) -> None:
        """See what another process committed."""
        ...

    def num_docs(self) -> int: ...

    def count(self, query: tantivy.Query) -> int: ...

    def document_frequency(self, term: str) -> int:
        """In how many documents an analysed term occurs (its commonest searchable field)."""
        ...

    def iids(
        self, addresses: Sequence[tantivy.DocAddress], searcher: tantivy.Searcher | None = None
    ) -> list[int]:
        """The iids at ``addresses``, resolved by the ``searcher`` whose search returned them
        (default: the current one; a commit in between makes old addresses meaningless)."""
        ...

    def all_iids(self, query: tantivy.Query | None = None) -> list[int]:
        """Every iid matching ``query`` (all documents when None)."""
        ...


@runtime_checkable
class VectorIndex(Protocol):
    """Nearest-neighbour index of one embedder's vectors, keyed by iid.

    Vectors are stored unit length (cosine similarity); ``search`` may be restricted to a set
    of allowed ids (a filter) and must then return only those. Writes are in memory until
    :meth:`save`.
    """

    dimensions: int

    def __len__(self) -> int: ...

    def __contains__(self, key: object) -> bool: ...

    def ids(self) -> IdArray:
        """The ids in the index, sorted."""
        ...

    def get(self, ids: Any) -> FloatArray:
        """Stored vectors: ``(d,)`` for one id, ``(n, d)`` for many; KeyError if absent."""
        ...

    def upsert(self, ids: ArrayLike, vectors: ArrayLike) -> None: ...

    def delete(self, ids: Iterable[int] | NDArray[np.integer]) -> None: ...

    def search(
        self, query: ArrayLike, k: int, allowed: ArrayLike | None = None
    ) -> tuple[IdArray, FloatArray]:
        """The ``k`` nearest ids (only ``allowed`` ones, if given) and similarities, best first."""
        ...

    def save(self) -> None:
        """Write the index to its path durably (an index opened without a path cannot be saved:
        :class:`~souk.retrieval.hnsw_index.HnswIndex` raises ``VectorIndexError``)."""
        ...
