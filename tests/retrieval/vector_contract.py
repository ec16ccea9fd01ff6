"""The contract every :class:`~souk.retrieval.protocols.VectorIndex` implementation passes.

A reusable suite: subclass :class:`VectorIndexContract` in a test module, under a name pytest
collects, and implement :meth:`~VectorIndexContract.make_index` (and, for an index with files,
:meth:`~VectorIndexContract.reopen`)::

    class TestHnswIndexContract(VectorIndexContract):
        def make_index(self, path: Path, dimensions: int) -> VectorIndex:
            return HnswIndex(None, dimensions)

Every test writes, then searches ``reopen(index)``: for a persistent implementation that is the
index saved and loaded again, so the whole contract also holds after a round trip through disk.

It pins what the layers above rely on: ``dimensions``; ``len``/``in``/sorted ``ids``; ``get`` of
one and of many ids (KeyError when absent); cosine search best first, restricted to ``allowed``
ids when given (ids absent from the index are ignored), with ``k`` larger than the index;
deletion, revival and replacement by id.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from numpy.typing import NDArray

from souk.retrieval.protocols import VectorIndex

DIM = 8
N = 200
ABSENT = [6, 13, 10**12]  # ids never in the index (the last beyond any dense id table)


def unit(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    out: NDArray[np.float32] = (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(
        np.float32
    )
    return out


def make_data() -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """``N`` vectors of random length under ids that are neither contiguous nor sorted."""
    rng = np.random.default_rng(11)
    ids = rng.permutation(np.arange(5, 5 + 7 * N, 7)).astype(np.int64)  # never ≡ 6 (mod 7)
    vectors = rng.standard_normal((N, DIM)) * rng.uniform(0.1, 10.0, (N, 1))
    return ids, vectors.astype(np.float32)


IDS, VECTORS = make_data()
QUERIES = np.random.default_rng(12).standard_normal((12, DIM)).astype(np.float32)


def brute_force(
    query: NDArray[np.float32], k: int, keep: NDArray[np.bool_] | None = None
) -> list[int]:
    """The ids of the ``k`` stored vectors most similar to ``query`` (among ``keep``)."""
    ids, vectors = (IDS, VECTORS) if keep is None else (IDS[keep], VECTORS[keep])
    scores = unit(vectors) @ unit(query)
    return [int(i) for i in ids[np.lexsort((ids, -scores))[:k]]]


class VectorIndexContract:
    """Tests every vector index passes; subclasses say how to make and reopen one."""

    #: True when search ranks exactly (a flat scan); an approximate index only promises recall.
    exact: ClassVar[bool] = True
    #: True when :meth:`reopen` reads the index back from disk; the round-trip test needs it.
    persistent: ClassVar[bool] = False
    #: Least share of the true top ``k`` an approximate search must find.
    min_recall: ClassVar[float] = 0.9

    def make_index(self, path: Path, dimensions: int) -> VectorIndex:
        """A new, empty index (``path``: where a persistent one keeps its files)."""
        raise NotImplementedError

    def reopen(self, index: VectorIndex) -> VectorIndex:
        """The index as the next process sees it: ``save()`` then load. In memory: itself."""
        return index

    @pytest.fixture
    def index(self, tmp_path: Path) -> VectorIndex:
        return self.make_index(tmp_path / "vectors.idx", DIM)

    @pytest.fixture
    def filled(self, index: VectorIndex) -> VectorIndex:
        index.upsert(IDS, VECTORS)
        return self.reopen(index)

    def check_search(
        self,
        index: VectorIndex,
        query: NDArray[np.float32],
        k: int,
        allowed: list[int] | NDArray[np.int64] | None = None,
    ) -> list[int]:
        """Search, check what every answer must satisfy, and return the ids found."""
        found, sims = index.search(query, k, allowed)
        assert found.dtype == np.int64 and sims.dtype == np.float32
        assert found.shape == sims.shape == (found.shape[0],)
        assert len(set(found.tolist())) == found.shape[0], "no id twice"
        assert np.all(np.diff(sims) <= 1e-6), "best first"
        if found.shape[0]:  # the similarities are the cosines of the stored vectors
            expected = unit(index.get(found)) @ unit(query)
            np.testing.assert_allclose(sims, expected, atol=1e-5)
        if allowed is not None:
            assert set(found.tolist()) <= {int(i) for i in allowed}
        return [int(i) for i in found]

    def assert_top(self, found: list[int], expected: list[int]) -> None:
        """``found`` is the true top ``k`` (exactly, or with enough recall when approximate)."""
        if self.exact:
            assert found == expected
        else:
            assert len(found) == len(expected)
            assert len(set(found) & set(expected)) >= self.min_recall * len(expected)

    # -- shape -------------------------------------------------------------------------------

    def test_conforms_to_the_protocol(self, index: VectorIndex) -> None:
        assert isinstance(index, VectorIndex)
        assert index.dimensions == DIM

    def test_a_new_index_is_empty(self, index: VectorIndex) -> None:
        assert len(index) == 0
        assert index.ids().dtype == np.int64 and index.ids().shape == (0,)
        assert 5 not in index
        with pytest.raises(KeyError):
            index.get(5)
        index.delete([5, 6])  # unknown ids are ignored
        for allowed in (None, [5, 6]):
            found, sims = index.search(QUERIES[0], 5, allowed)
            assert found.shape == sims.shape == (0,)
            assert found.dtype == np.int64 and sims.dtype == np.float32

    def test_size_membership_and_sorted_ids(self, filled: VectorIndex) -> None:
        assert len(filled) == N
        ids = filled.ids()
        assert ids.dtype == np.int64
        assert ids.tolist() == sorted(IDS.tolist())
        assert all(i in filled for i in IDS.tolist())
        assert IDS[0] in filled  # numpy integers too (ids() hands them out)
        assert not any(i in filled for i in ABSENT)
        assert "5" not in filled and None not in filled

    def test_get_one_and_many(self, filled: VectorIndex) -> None:
        one = filled.get(int(IDS[3]))
        assert one.shape == (DIM,) and one.dtype == np.float32
        np.testing.assert_allclose(one, unit(VECTORS[3]), atol=1e-6)  # stored unit length
        np.testing.assert_allclose(filled.get(IDS[3]), one)
        picked = [int(IDS[9]), int(IDS[2]), int(IDS[40])]  # in the order asked for
        many = filled.get(picked)
        assert many.shape == (3, DIM) and many.dtype == np.float32
        np.testing.assert_allclose(many, unit(VECTORS[[9, 2, 40]]), atol=1e-6)
        np.testing.assert_allclose(filled.get(np.asarray(picked, dtype=np.int64)), many)
        assert filled.get([]).shape == (0, DIM)

    def test_get_of_an_absent_id_raises_key_error(self, filled: VectorIndex) -> None:
        with pytest.raises(KeyError):
            filled.get(ABSENT[0])
        with pytest.raises(KeyError):
            filled.get([int(IDS[0]), ABSENT[1]])

    # -- search ------------------------------------------------------------------------------

    def test_search_returns_the_nearest_best_first(self, filled: VectorIndex) -> None:
        for query in QUERIES:
            found = self.check_search(filled, query, 10)
            self.assert_top(found, brute_force(query, 10))
        found = self.check_search(filled, 5.0 * QUERIES[0], 10)  # cosine: scale is irrelevant
        self.assert_top(found, brute_force(QUERIES[0], 10))

    def test_a_stored_vector_finds_itself_first(self, filled: VectorIndex) -> None:
        for row in (0, 17, 123):
            found, sims = filled.search(VECTORS[row], 3)
            assert found[0] == IDS[row]
            assert sims[0] == pytest.approx(1.0, abs=1e-5)

    def test_k_larger_than_the_index_returns_everything(self, filled: VectorIndex) -> None:
        found = self.check_search(filled, QUERIES[1], N + 50)
        assert sorted(found) == sorted(IDS.tolist())
        assert filled.search(QUERIES[1], 0)[0].shape == (0,)

    def test_allowed_restricts_the_answer(self, filled: VectorIndex) -> None:
        rng = np.random.default_rng(3)
        keep = np.zeros(N, dtype=bool)
        keep[rng.choice(N, size=30, replace=False)] = True
        allowed = rng.permutation(IDS[keep]).tolist()  # unsorted
        for query in QUERIES:
            found = self.check_search(filled, query, 10, allowed)
            self.assert_top(found, brute_force(query, 10, keep))
        # ids absent from the index are ignored, as the lexical filter may name them
        found = self.check_search(filled, QUERIES[2], 10, [*allowed, *ABSENT])
        self.assert_top(found, brute_force(QUERIES[2], 10, keep))
        # sorted int64, as the search pipeline passes it
        found = self.check_search(filled, QUERIES[2], 10, np.sort(IDS[keep]))
        self.assert_top(found, brute_force(QUERIES[2], 10, keep))
        # k beyond what the filter allows: every allowed id, and nothing else
        found = self.check_search(filled, QUERIES[3], 50, allowed)
        assert sorted(found) == sorted(allowed)

    def test_allowed_with_nothing_in_the_index_finds_nothing(self, filled: VectorIndex) -> None:
        assert self.check_search(filled, QUERIES[0], 10, ABSENT) == []
        assert self.check_search(filled, QUERIES[0], 10, np.zeros(0, dtype=np.int64)) == []

    def test_a_single_allowed_id(self, filled: VectorIndex) -> None:
        target = int(IDS[77])
        assert self.check_search(filled, QUERIES[4], 5, [target]) == [target]

    # -- deletes and replacement -------------------------------------------------------------

    def test_deleted_ids_are_gone(self, index: VectorIndex) -> None:
        index.upsert(IDS, VECTORS)
        gone = IDS[:50]
        index.delete(gone)  # an array
        index.delete(int(i) for i in gone[:5])  # twice, from a generator
        index.delete(ABSENT)  # unknown ids are ignored
        index = self.reopen(index)
        kept = np.ones(N, dtype=bool)
        kept[:50] = False
        assert len(index) == N - 50
        assert index.ids().tolist() == sorted(IDS[50:].tolist())
        assert int(gone[0]) not in index and int(IDS[50]) in index
        with pytest.raises(KeyError):
            index.get(int(gone[1]))
        for row in range(0, 50, 7):  # query with the deleted vectors themselves
            found = self.check_search(index, VECTORS[row], 10)
            assert not set(found) & set(gone.tolist())
            self.assert_top(found, brute_force(VECTORS[row], 10, kept))
        assert self.check_search(index, VECTORS[0], 10, gone) == []
        mixed = [*gone[:10].tolist(), int(IDS[60])]
        assert self.check_search(index, VECTORS[0], 10, mixed) == [int(IDS[60])]

    def test_a_deleted_id_can_come_back(self, filled: VectorIndex) -> None:
        target = int(IDS[8])
        filled.delete([target])
        filled.upsert([target], [VECTORS[9] + VECTORS[10]])
        index = self.reopen(filled)
        assert len(index) == N and target in index
        np.testing.assert_allclose(index.get(target), unit(VECTORS[9] + VECTORS[10]), atol=1e-6)
        assert index.search(VECTORS[9] + VECTORS[10], 1)[0].tolist() == [target]

    def test_upsert_replaces_a_vector(self, filled: VectorIndex) -> None:
        target = int(IDS[3])
        fresh_id = 7 * N + 100
        filled.upsert([target, fresh_id], [-VECTORS[3], VECTORS[4]])  # replace and add at once
        index = self.reopen(filled)
        assert len(index) == N + 1
        np.testing.assert_allclose(index.get(target), unit(-VECTORS[3]), atol=1e-6)
        found, sims = index.search(-VECTORS[3], 1)
        assert found.tolist() == [target] and sims[0] == pytest.approx(1.0, abs=1e-5)
        assert target not in self.check_search(index, VECTORS[3], 10)  # its old direction
        assert set(index.search(VECTORS[4], 2)[0].tolist()) == {int(IDS[4]), fresh_id}

    def test_upsert_takes_plain_lists(self, index: VectorIndex) -> None:
        index.upsert([3, 1], [[1.0, 0, 0, 0, 0, 0, 0, 0], [0, 2.0, 0, 0, 0, 0, 0, 0]])
        index = self.reopen(index)
        assert index.ids().tolist() == [1, 3]
        found, sims = index.search([0, 1.0, 0, 0, 0, 0, 0, 0], 5)
        assert found.tolist() == [1, 3]
        np.testing.assert_allclose(sims, [1.0, 0.0], atol=1e-6)

    # -- persistence -------------------------------------------------------------------------

    def test_save_and_load_round_trip(self, index: VectorIndex) -> None:
        if not self.persistent:
            pytest.skip("an in-memory index is not saved")
        index.upsert(IDS, VECTORS)
        index.delete(IDS[:20])
        index.upsert(IDS[20:25], -VECTORS[20:25])
        loaded = self.reopen(index)
        assert loaded is not index
        assert loaded.dimensions == index.dimensions
        assert len(loaded) == len(index) == N - 20
        np.testing.assert_array_equal(loaded.ids(), index.ids())
        np.testing.assert_array_equal(loaded.get(index.ids()), index.get(index.ids()))
        for query in QUERIES:
            found, sims = index.search(query, 10)
            loaded_found, loaded_sims = loaded.search(query, 10)
            np.testing.assert_array_equal(loaded_found, found)
            np.testing.assert_allclose(loaded_sims, sims, atol=1e-6)
        # each kind of write after a load is kept by the next save
        loaded.delete(IDS[20:22])
        after_delete = self.reopen(loaded)
        np.testing.assert_array_equal(after_delete.ids(), np.sort(IDS[22:]))
        after_delete.upsert(IDS[22:23], VECTORS[22:23])
        after_replace = self.reopen(after_delete)
        np.testing.assert_allclose(after_replace.get(int(IDS[22])), unit(VECTORS[22]), atol=1e-6)
        after_replace.upsert(IDS[:1], VECTORS[:1])
        after_insert = self.reopen(after_replace)
        assert len(after_insert) == N - 21 and int(IDS[0]) in after_insert
        assert after_insert.search(VECTORS[0], 1)[0].tolist() == [int(IDS[0])]
