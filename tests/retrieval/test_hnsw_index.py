"""HnswIndex: the VectorIndex contract (exact and HNSW search, in memory and on disk), recall
against numpy, filters, deletes, replacement, persistence, corruption."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from souk.retrieval.hnsw_index import HnswIndex, VectorIndexCorrupt, VectorIndexError
from souk.retrieval.protocols import VectorIndex
from tests.retrieval.vector_contract import VectorIndexContract

DIM = 64
N = 2_000


def unit(rows: np.ndarray) -> np.ndarray:
    out: np.ndarray = (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)
    return out


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    ids = rng.permutation(np.arange(10, 10 + 3 * N, 3)).astype(np.int64)  # non-contiguous ids
    return ids, rng.standard_normal((N, DIM)).astype(np.float32)


@pytest.fixture(scope="module")
def queries() -> np.ndarray:
    return np.random.default_rng(8).standard_normal((40, DIM)).astype(np.float32)


def brute_force(ids: np.ndarray, vectors: np.ndarray, query: np.ndarray, k: int) -> np.ndarray:
    scores = unit(vectors) @ unit(query)
    return ids[np.argsort(-scores, kind="stable")[:k]]


def hnsw_only(path: Path | None = None, *, exact_fraction: float = 0.0) -> HnswIndex:
    """An index that never takes the exact shortcut (by default), so the graph is tested."""
    return HnswIndex(path, DIM, exact_limit=0, exact_fraction=exact_fraction)


def test_empty_index(tmp_path: Path) -> None:
    index = HnswIndex(tmp_path / "v.idx", DIM)
    ids, sims = index.search(np.ones(DIM), 5)
    assert len(index) == 0 and ids.shape == (0,) and sims.shape == (0,)
    assert 3 not in index
    with pytest.raises(KeyError):
        index.get(3)
    index.delete([1, 2])  # unknown ids are ignored
    index.save()
    loaded = HnswIndex.load(tmp_path / "v.idx", DIM)
    assert len(loaded) == 0
    assert loaded.search(np.ones(DIM), 5)[0].shape == (0,)


def test_hnsw_recall_unfiltered(data: tuple[np.ndarray, np.ndarray], queries: np.ndarray) -> None:
    ids, vectors = data
    index = hnsw_only()
    index.upsert(ids, vectors)
    hits = 0
    for query in queries:
        found, sims = index.search(query, 10)
        assert found.dtype == np.int64 and sims.dtype == np.float32
        assert np.all(np.diff(sims) <= 1e-6), "best first"
        hits += len(set(found.tolist()) & set(brute_force(ids, vectors, query, 10).tolist()))
    assert hits / (10 * len(queries)) >= 0.95


def test_small_index_is_exact_with_cosine_scores(
    data: tuple[np.ndarray, np.ndarray], queries: np.ndarray
) -> None:
    ids, vectors = data
    index = HnswIndex(None, DIM)  # 2,000 < exact_limit: brute force
    index.upsert(ids, vectors * 3.0)  # scale must not matter under cosine
    for query in queries[:10]:
        found, sims = index.search(query, 10)
        np.testing.assert_array_equal(found, brute_force(ids, vectors, query, 10))
        rows = np.searchsorted(ids, found, sorter=np.argsort(ids))
        expected = unit(vectors[np.argsort(ids)][rows]) @ unit(query)
        np.testing.assert_allclose(sims, expected, atol=1e-5)


def test_narrow_filter_is_exact(data: tuple[np.ndarray, np.ndarray], queries: np.ndarray) -> None:
    ids, vectors = data
    index = hnsw_only(exact_fraction=0.02)  # only the 2% rule can trigger the exact path
    index.upsert(ids, vectors)
    rng = np.random.default_rng(1)
    pick = rng.choice(N, size=N // 50, replace=False)
    allowed = np.sort(ids[pick])
    for query in queries:
        found, _ = index.search(query, 10, allowed)
        np.testing.assert_array_equal(found, brute_force(ids[pick], vectors[pick], query, 10))
    # ids outside the index in the filter are simply ignored
    found, _ = index.search(queries[0], 10, np.concatenate([allowed, [1, 2, 4]]))
    np.testing.assert_array_equal(found, brute_force(ids[pick], vectors[pick], queries[0], 10))


def test_broad_filter_uses_graph_and_respects_filter(
    data: tuple[np.ndarray, np.ndarray], queries: np.ndarray
) -> None:
    ids, vectors = data
    index = hnsw_only()
    index.upsert(ids, vectors)
    keep = np.arange(N) % 2 == 0
    allowed = np.sort(ids[keep])
    allowed_set = set(allowed.tolist())
    hits = 0
    for query in queries:
        found, _ = index.search(query, 10, allowed)
        assert len(found) == 10 and set(found.tolist()) <= allowed_set
        expected = brute_force(ids[keep], vectors[keep], query, 10)
        hits += len(set(found.tolist()) & set(expected.tolist()))
    assert hits / (10 * len(queries)) >= 0.9


def test_filter_hnsw_cannot_satisfy_falls_back_to_exact(
    data: tuple[np.ndarray, np.ndarray],
) -> None:
    ids, vectors = data
    index = hnsw_only()
    index.upsert(ids, vectors)
    allowed = np.sort(ids[:7])
    found, _ = index.search(vectors[100], 10, allowed)
    assert sorted(found.tolist()) == allowed.tolist()  # all 7, even though k=10


def test_k_larger_than_index() -> None:
    index = HnswIndex(None, 4)
    index.upsert(np.array([5, 6]), np.eye(4, dtype=np.float32)[:2])
    found, sims = index.search(np.array([1.0, 0, 0, 0]), 10)
    assert found.tolist() == [5, 6]
    np.testing.assert_allclose(sims, [1.0, 0.0], atol=1e-6)
    assert index.search(np.array([1.0, 0, 0, 0]), 0)[0].shape == (0,)


@pytest.mark.parametrize("exact", [True, False])
def test_deletes_never_come_back(data: tuple[np.ndarray, np.ndarray], exact: bool) -> None:
    ids, vectors = data
    index = HnswIndex(None, DIM) if exact else hnsw_only()
    index.upsert(ids, vectors)
    gone = ids[:500]
    index.delete(gone)
    index.delete(gone[:10])  # twice is fine
    assert len(index) == N - 500
    assert int(gone[0]) not in index and int(ids[600]) in index
    for row in range(0, 500, 25):  # query with the deleted vectors themselves
        found, _ = index.search(vectors[row], 10)
        assert not set(found.tolist()) & set(gone.tolist())
        assert len(found) == 10
    found, _ = index.search(vectors[0], 10, np.sort(gone))
    assert found.shape == (0,)


def test_upsert_replaces_in_place(data: tuple[np.ndarray, np.ndarray]) -> None:
    ids, vectors = data
    index = hnsw_only()
    index.upsert(ids, vectors)
    target = int(ids[3])
    new_vector = -vectors[3]
    index.upsert(np.array([target]), new_vector[None, :])
    assert len(index) == N
    np.testing.assert_allclose(index.get(target), unit(new_vector), atol=1e-6)
    found, sims = index.search(new_vector, 1)
    assert found.tolist() == [target] and sims[0] == pytest.approx(1.0, abs=1e-5)
    found, _ = index.search(vectors[3], 10)
    assert target not in found.tolist()


def test_duplicate_ids_in_one_batch_last_wins() -> None:
    index = HnswIndex(None, 3)
    index.upsert(np.array([1, 2, 1]), np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], np.float32))
    assert len(index) == 2
    np.testing.assert_allclose(index.get(1), [0, 0, 1])
    np.testing.assert_allclose(index.get([2, 1]), [[0, 1, 0], [0, 0, 1]])


def test_churn_reuses_graph_slots_and_revives_deleted_ids(
    data: tuple[np.ndarray, np.ndarray],
) -> None:
    ids, vectors = data
    index = hnsw_only()
    index.upsert(ids[:1000], vectors[:1000])
    index.delete(ids[:400])
    index.upsert(ids[1000:1400], vectors[1000:1400])  # new ids fill the 400 deleted slots
    assert index._graph.element_count == 1000  # white-box: the graph did not grow
    # Re-adding a deleted id whose slot went to another id, and one whose slot is free.
    index.delete(ids[1000:1001])
    index.upsert(ids[:2], vectors[:2])
    for row in (0, 1, 1001, 1399, 500):
        found, _ = index.search(vectors[row], 1)
        assert found.tolist() == [ids[row]]
    index.delete(ids[:2])
    assert int(ids[0]) not in index
    found, _ = index.search(vectors[0], 5)
    assert int(ids[0]) not in found.tolist()
    assert len(index) == 1000 - 400 + 400 - 1


def test_save_load_round_trip(
    tmp_path: Path, data: tuple[np.ndarray, np.ndarray], queries: np.ndarray
) -> None:
    ids, vectors = data
    path = tmp_path / "sub" / "v.idx"
    index = hnsw_only(path)
    index.upsert(ids, vectors)
    index.delete(ids[:100])
    index.save()
    index.upsert(ids[:1], vectors[:1])
    index.save()  # a second generation replaces the first graph file
    assert len(list((tmp_path / "sub").glob("v.idx.*.hnsw"))) == 1
    assert not list((tmp_path / "sub").glob("*.tmp"))
    loaded = HnswIndex.load(path, DIM, exact_limit=0, exact_fraction=0.0)
    assert len(loaded) == len(index) == N - 99
    np.testing.assert_array_equal(loaded.ids(), index.ids())
    np.testing.assert_allclose(loaded.get(ids[500:510]), index.get(ids[500:510]))
    for query in queries[:10]:
        np.testing.assert_array_equal(loaded.search(query, 10)[0], index.search(query, 10)[0])
    # tombstones survive: re-adding a deleted id after load works, deleting again too
    loaded.upsert(ids[5:6], vectors[5:6])
    assert loaded.search(vectors[5], 1)[0].tolist() == [ids[5]]
    loaded.delete(ids[5:6])
    assert int(ids[5]) not in loaded.search(vectors[5], 5)[0].tolist()


def test_corrupt_files_raise(tmp_path: Path, data: tuple[np.ndarray, np.ndarray]) -> None:
    ids, vectors = data
    path = tmp_path / "v.idx"
    index = HnswIndex(path, DIM)
    index.upsert(ids[:200], vectors[:200])
    index.save()
    good = path.read_bytes()
    with pytest.raises(VectorIndexCorrupt, match="dimensional"):
        HnswIndex.load(path, DIM + 1)
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(VectorIndexCorrupt):
        HnswIndex.load(path, DIM)
    path.write_bytes(b"not an index at all")
    with pytest.raises(VectorIndexCorrupt):
        HnswIndex.load(path, DIM)
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0xFF  # inside the vectors: the zip CRC catches it
    path.write_bytes(bytes(flipped))
    with pytest.raises(VectorIndexCorrupt):
        HnswIndex.load(path, DIM)
    np.save(tmp_path / "plain.npy", np.arange(3))  # a numpy file, but not an archive
    (tmp_path / "plain.npy").replace(path)
    with pytest.raises(VectorIndexCorrupt):
        HnswIndex.load(path, DIM)
    with zipfile.ZipFile(path, "w") as archive:  # a valid zip that is not ours
        archive.writestr("other.npy", b"x")
    with pytest.raises(VectorIndexCorrupt):
        HnswIndex.load(path, DIM)
    with pytest.raises(FileNotFoundError):
        HnswIndex.load(tmp_path / "missing.idx", DIM)


def test_damaged_graph_is_rebuilt_from_vectors(
    tmp_path: Path, data: tuple[np.ndarray, np.ndarray]
) -> None:
    ids, vectors = data
    path = tmp_path / "v.idx"
    index = hnsw_only(path)
    index.upsert(ids[:300], vectors[:300])
    index.save()
    (graph,) = tmp_path.glob("v.idx.*.hnsw")
    graph.write_bytes(graph.read_bytes()[:1000])
    loaded = HnswIndex.load(path, DIM, exact_limit=0, exact_fraction=0.0)
    assert len(loaded) == 300
    assert loaded.search(vectors[42], 1)[0].tolist() == [ids[42]]
    graph.unlink()
    assert HnswIndex.load(path, DIM).search(vectors[7], 1)[0].tolist() == [ids[7]]


def test_invalid_input_is_rejected() -> None:
    index = HnswIndex(None, 3)
    with pytest.raises(ValueError):
        index.upsert(np.array([1]), np.ones((1, 4)))
    with pytest.raises(ValueError):
        index.upsert(np.array([1]), np.array([[np.nan, 1, 1]]))
    with pytest.raises(ValueError):
        index.upsert(np.array([-1]), np.ones((1, 3)))
    with pytest.raises(ValueError):
        index.upsert(np.array([1]), np.zeros((1, 3)))  # no direction under cosine
    with pytest.raises(ValueError):
        index.search(np.ones(4), 3)
    with pytest.raises(ValueError):
        HnswIndex(None, 3, metric="l1")
    with pytest.raises(VectorIndexError):
        index.save()  # in-memory index
    assert len(index) == 0


def test_inner_product_metric_keeps_magnitudes() -> None:
    index = HnswIndex(None, 2, metric="ip")
    index.upsert(np.array([1, 2]), np.array([[1.0, 0.0], [3.0, 0.0]]))
    found, sims = index.search(np.array([1.0, 0.0]), 2)
    assert found.tolist() == [2, 1]
    np.testing.assert_allclose(sims, [3.0, 1.0])


@pytest.mark.parametrize("threads", [1, 2])
def test_random_operations_match_a_dict_model(tmp_path: Path, threads: int) -> None:
    rng = np.random.default_rng(threads)
    dim = 16
    model: dict[int, np.ndarray] = {}
    index = HnswIndex(tmp_path / "v.idx", dim, threads=threads, exact_limit=0)
    for step in range(60):
        if rng.random() < 0.6:
            ids = rng.integers(0, 300, size=int(rng.integers(1, 40)))
            vectors = rng.standard_normal((ids.shape[0], dim)).astype(np.float32)
            index.upsert(ids, vectors)
            for key, vector in zip(ids.tolist(), vectors, strict=True):
                model[key] = unit(vector)
        else:
            ids = rng.integers(0, 300, size=int(rng.integers(1, 30)))
            index.delete(ids)
            for key in ids.tolist():
                model.pop(key, None)
        if step % 20 == 19:
            index.save()
            index = HnswIndex.load(tmp_path / "v.idx", dim, threads=threads, exact_limit=0)
        assert len(index) == len(model)
        assert index.ids().tolist() == sorted(model)
        if model:
            keys = sorted(model)
            np.testing.assert_allclose(
                index.get(keys), np.stack([model[k] for k in keys]), atol=1e-6
            )
            query = rng.standard_normal(dim).astype(np.float32)
            found, _ = index.search(query, 5)
            assert set(found.tolist()) <= set(model)
            assert len(found) == min(5, len(model))


class HnswContract(VectorIndexContract):
    """The contract for HnswIndex; the subclasses pick its search mode and where it lives."""

    options: ClassVar[dict[str, Any]] = {}
    on_disk: ClassVar[bool] = False

    def make_index(self, path: Path, dimensions: int) -> VectorIndex:
        return HnswIndex(path if self.on_disk else None, dimensions, **self.options)

    def reopen(self, index: VectorIndex) -> VectorIndex:
        if not self.on_disk:
            return index
        assert isinstance(index, HnswIndex) and index.path is not None
        index.save()
        return HnswIndex.load(index.path, index.dimensions, **self.options)


class TestExactHnswContract(HnswContract):
    """A small index: every search is a flat scan."""


class TestExactHnswOnDiskContract(HnswContract):
    on_disk = persistent = True


class TestApproximateHnswContract(HnswContract):
    """Never the flat scan (but when HNSW cannot find ``k`` allowed ids): the graph answers."""

    options: ClassVar[dict[str, Any]] = {"exact_limit": 0, "exact_fraction": 0.0}
    exact = False


class TestApproximateHnswOnDiskContract(TestApproximateHnswContract):
    on_disk = persistent = True
