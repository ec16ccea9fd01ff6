"""An on-disk vector index: HNSW (hnswlib) for speed, a flat copy for exact filtered search.

Why two copies of the vectors:

* A selective filter (``brand = "x"``) leaves HNSW walking a graph where almost every node is
  rejected, so recall collapses and latency grows. When the filter allows few ids (fewer than
  ``exact_limit`` or at most ``exact_fraction`` of the index) we score exactly those rows of
  the flat float32 copy instead: exact, and a few milliseconds even for 20k rows.
* The flat copy is the source of truth on disk. The graph can always be rebuilt from it, so a
  missing or damaged graph file costs time, never data.

Files for ``path = .../vectors.idx``:

* ``vectors.idx``: an uncompressed ``.npz`` with the ids, the vectors and a JSON header (zip
  CRCs catch corruption). Written to a temporary file, fsynced, then ``os.replace``-d: this
  rename is the commit point of :meth:`HnswIndex.save`.
* ``vectors.idx.<generation>.hnsw``: the graph saved with it. Each save writes a new generation
  before the commit and removes older ones after it, so a crash at any moment leaves a
  manifest whose graph is either intact (its size and CRC32 are in the header) or rebuilt.

Ids are the engine's int64 internal document ids (non-negative) and double as hnswlib labels.
Replacing an id updates it in place; deleted graph slots are reused by later inserts
(``allow_replace_deleted``) so churn does not grow the graph.
"""

from __future__ import annotations

import contextlib
import glob
import json
import logging
import os
import threading
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, overload

import hnswlib
import numpy as np
from numpy.typing import ArrayLike, NDArray

from souk.errors import Code, SoukException

__all__ = ["HnswIndex", "VectorIndexCorrupt", "VectorIndexError", "check_saved", "saved_count"]

log = logging.getLogger(__name__)

IdArray = NDArray[np.int64]
FloatArray = NDArray[np.float32]

FORMAT = "souk-vector-index"
VERSION = 1
METRICS = ("cosine", "ip")
#: Ids below this are mapped to rows through a dense array (fast vectorised lookups);
#: larger ones through a dict. Engine ids are dense, so the dict is normally empty.
DENSE_ID_LIMIT = 1 << 24


class VectorIndexError(SoukException):
    """Base class of vector index failures."""

    error_code = Code.VECTOR_INDEX_CORRUPT


class VectorIndexCorrupt(VectorIndexError):
    """The index file is unreadable, truncated, or does not match what the caller expects."""


class _IdMap:
    """id → row, a dense int64 array for small ids and a dict for the rest."""

    def __init__(self) -> None:
        self._dense: IdArray = np.full(0, -1, dtype=np.int64)
        self._sparse: dict[int, int] = {}

    def get(self, key: int) -> int:
        if key < DENSE_ID_LIMIT:
            return int(self._dense[key]) if key < self._dense.shape[0] else -1
        return self._sparse.get(key, -1)

    def set(self, keys: IdArray, rows: IdArray) -> None:
        small = keys < DENSE_ID_LIMIT
        if small.any():
            needed = int(keys[small].max()) + 1
            if needed > self._dense.shape[0]:
                grown = np.full(
                    min(max(needed, 2 * self._dense.shape[0]), DENSE_ID_LIMIT), -1, np.int64
                )
                grown[: self._dense.shape[0]] = self._dense
                self._dense = grown
            self._dense[keys[small]] = rows[small]
        for key, row in zip(keys[~small].tolist(), rows[~small].tolist(), strict=True):
            self._sparse[key] = row

    def put(self, key: int, row: int) -> None:
        self.set(np.array([key], dtype=np.int64), np.array([row], dtype=np.int64))

    def remove(self, key: int) -> None:
        if key < DENSE_ID_LIMIT:
            if key < self._dense.shape[0]:
                self._dense[key] = -1
        else:
            self._sparse.pop(key, None)

    def rows(self, keys: IdArray) -> IdArray:
        """Rows of ``keys``, -1 where absent."""
        out = np.full(keys.shape[0], -1, dtype=np.int64)
        small = keys < self._dense.shape[0]
        out[small] = self._dense[keys[small]]
        if self._sparse:
            for position in np.flatnonzero(keys >= DENSE_ID_LIMIT).tolist():
                out[position] = self._sparse.get(int(keys[position]), -1)
        return out


def _as_ids(ids: ArrayLike) -> IdArray:
    array = np.asarray(ids)
    if array.ndim == 0:
        array = array.reshape(1)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise ValueError("ids must be a 1-D array of integers")
    if array.dtype.kind == "u" and array.max() > np.iinfo(np.int64).max:
        raise ValueError("ids must fit in int64")
    out = array.astype(np.int64)
    if (out < 0).any():
        raise ValueError("ids must not be negative")
    return out


def _ids_from(ids: Iterable[int] | NDArray[np.integer]) -> IdArray:
    if isinstance(ids, np.ndarray):
        return _as_ids(ids)
    return _as_ids(np.fromiter(ids, dtype=np.int64))


def _allow_only(ids: IdArray) -> Callable[[int], bool]:
    """An hnswlib filter accepting exactly ``ids`` (a bytearray test costs ~50 ns a call)."""
    flags = bytearray(int(ids.max()) + 1)
    np.frombuffer(flags, dtype=np.uint8)[ids] = 1
    limit = len(flags)

    def accept(label: int) -> bool:
        return label < limit and flags[label] == 1

    return accept


def _crc32(path: Path) -> int:
    crc = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class HnswIndex:
    """HNSW with deletes, in-place replacement and exact search under narrow filters.

    Thread-safe: one lock guards every call (hnswlib's ``ef`` is index-wide state).
    ``threads`` is used for bulk inserts; a search runs on the calling thread.
    """

    def __init__(
        self,
        path: Path | None,
        dimensions: int,
        *,
        metric: str = "cosine",
        threads: int = 1,
        m: int = 16,
        ef_construction: int = 128,
        exact_limit: int = 5_000,
        exact_fraction: float = 0.02,
    ) -> None:
        if dimensions < 1:
            raise ValueError("dimensions must be positive")
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {METRICS}, not {metric!r}")
        self.path = Path(path) if path is not None else None
        self.dimensions = dimensions
        self.metric = metric
        self.threads = max(1, threads)
        self.m = m
        self.ef_construction = ef_construction
        self.exact_limit = exact_limit
        self.exact_fraction = exact_fraction
        self._lock = threading.RLock()
        self._vectors: FloatArray = np.zeros((0, dimensions), dtype=np.float32)
        self._row_ids: IdArray = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._rows = _IdMap()
        self._graph: Any = self._new_graph(0)
        # Labels marked deleted in the graph (a superset: a reused slot drops its old label
        # silently). Re-adding one must un-delete it first, or hnswlib would keep two slots
        # for the label.
        self._tombstones: set[int] = set()
        self._graph_deleted = 0  # deleted slots in the graph, for capacity planning
        self._dirty = True

    # ------------------------------------------------------------------ basics

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: object) -> bool:
        if isinstance(key, bool) or not isinstance(key, int | np.integer):
            return False
        key = int(key)
        with self._lock:
            return key >= 0 and self._rows.get(key) >= 0

    def ids(self) -> IdArray:
        """The ids in the index, sorted."""
        with self._lock:
            return np.sort(self._row_ids[: self._size])

    @overload
    def get(self, ids: int) -> FloatArray: ...
    @overload
    def get(self, ids: Iterable[int] | NDArray[np.integer]) -> FloatArray: ...
    def get(self, ids: int | Iterable[int] | NDArray[np.integer]) -> FloatArray:
        """Stored vectors (unit length under cosine): ``(d,)`` for one id, ``(n, d)`` for many.

        Raises KeyError for an id that is not in the index.
        """
        single = isinstance(ids, int | np.integer)
        keys = _as_ids(np.array([ids])) if isinstance(ids, int | np.integer) else _ids_from(ids)
        with self._lock:
            rows = self._rows.rows(keys)
            if (rows < 0).any():
                raise KeyError(int(keys[np.flatnonzero(rows < 0)[0]]))
            out = self._vectors[rows].copy()
        return out[0] if single else out

    # ------------------------------------------------------------------ writes

    def _new_graph(self, capacity: int) -> Any:
        space = "ip"  # cosine vectors are stored normalised, so ip == cosine and is cheaper
        graph = hnswlib.Index(space=space, dim=self.dimensions)
        graph.init_index(
            max_elements=capacity,
            M=self.m,
            ef_construction=self.ef_construction,
            allow_replace_deleted=True,
        )
        return graph

    def _prepare(self, vectors: ArrayLike, count: int) -> FloatArray:
        array = np.asarray(vectors, dtype=np.float32)
        if array.ndim == 1 and count == 1:
            array = array.reshape(1, -1)
        if array.shape != (count, self.dimensions):
            raise ValueError(
                f"expected vectors of shape ({count}, {self.dimensions}), got {array.shape}"
            )
        if not np.isfinite(array).all():
            raise ValueError("vectors must be finite")
        if self.metric == "cosine":
            norms = np.linalg.norm(array, axis=1, keepdims=True)
            if (norms == 0).any():
                raise ValueError("a zero vector has no direction (cosine metric)")
            array = array / norms
        return np.ascontiguousarray(array, dtype=np.float32)

    def upsert(self, ids: ArrayLike, vectors: ArrayLike) -> None:
        """Insert or replace vectors; within one call the last occurrence of an id wins."""
        keys = _as_ids(ids)
        data = self._prepare(vectors, keys.shape[0])
        if keys.shape[0] == 0:
            return
        if np.unique(keys).shape[0] != keys.shape[0]:
            _, first_in_reversed = np.unique(keys[::-1], return_index=True)
            keep = np.sort(keys.shape[0] - 1 - first_in_reversed)
            keys, data = keys[keep], data[keep]
        with self._lock:
            self._dirty = True
            rows = self._rows.rows(keys)
            present = rows >= 0
            # Flat copy first: it is the truth searches and saves read.
            self._vectors[rows[present]] = data[present]
            fresh_keys, fresh_data = keys[~present], data[~present]
            self._append(fresh_keys, fresh_data)
            # Graph: live ids and revivable tombstones are updated in their own slot.
            in_place = present.copy()
            for position in np.flatnonzero(~present).tolist():
                key = int(keys[position])
                if key in self._tombstones:
                    self._tombstones.discard(key)
                    try:
                        self._graph.unmark_deleted(key)
                    except RuntimeError:  # its slot was reused by another id meanwhile
                        continue
                    self._graph_deleted -= 1
                    in_place[position] = True
            if in_place.any():
                self._graph.add_items(data[in_place], keys[in_place], num_threads=self.threads)
            new_count = int((~in_place).sum())
            if new_count:
                needed = self._graph.element_count + max(0, new_count - self._graph_deleted)
                capacity = self._graph.get_max_elements()
                if needed > capacity:
                    self._graph.resize_index(max(needed, capacity * 2, 1024))
                self._graph.add_items(
                    data[~in_place], keys[~in_place], num_threads=self.threads, replace_deleted=True
                )
                self._graph_deleted -= min(new_count, self._graph_deleted)

    def _append(self, keys: IdArray, data: FloatArray) -> None:
        count = keys.shape[0]
        if not count:
            return
        end = self._size + count
        if end > self._vectors.shape[0]:
            capacity = max(end, 2 * self._vectors.shape[0], 256)
            vectors = np.zeros((capacity, self.dimensions), dtype=np.float32)
            vectors[: self._size] = self._vectors[: self._size]
            row_ids = np.zeros(capacity, dtype=np.int64)
            row_ids[: self._size] = self._row_ids[: self._size]
            self._vectors, self._row_ids = vectors, row_ids
        self._vectors[self._size : end] = data
        self._row_ids[self._size : end] = keys
        self._rows.set(keys, np.arange(self._size, end, dtype=np.int64))
        self._size = end

    def delete(self, ids: Iterable[int] | NDArray[np.integer]) -> None:
        """Remove ids; unknown ids are ignored."""
        keys = _ids_from(ids)
        with self._lock:
            for key in keys.tolist():
                row = self._rows.get(key)
                if row < 0:
                    continue
                self._dirty = True
                self._graph.mark_deleted(key)
                self._tombstones.add(key)
                self._graph_deleted += 1
                # Keep the flat copy dense: move the last row into the hole.
                last = self._size - 1
                self._rows.remove(key)
                if row != last:
                    moved = int(self._row_ids[last])
                    self._vectors[row] = self._vectors[last]
                    self._row_ids[row] = moved
                    self._rows.put(moved, row)
                self._size = last

    # ------------------------------------------------------------------ search

    def search(
        self, query: ArrayLike, k: int, allowed: ArrayLike | None = None
    ) -> tuple[IdArray, FloatArray]:
        """The ``k`` nearest ids and their similarities, best first.

        ``allowed`` (int64 ids, sorted or not) restricts the answer to those ids. Narrow
        filters and small indexes are answered exactly; others by HNSW, falling back to exact
        search if HNSW cannot find ``k`` allowed neighbours.
        """
        q = self._prepare(query, 1)[0]
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        with self._lock:
            if k <= 0 or self._size == 0:
                return empty
            if allowed is None:
                if self._size <= self.exact_limit:
                    return self._exact(q, k, None)
                return self._approximate(q, min(k, self._size), None)
            rows = self._rows.rows(_as_ids(allowed))
            rows = np.sort(rows[rows >= 0])  # in memory order: faster gathers
            if rows.shape[0] == 0:
                return empty
            if rows.shape[0] <= max(self.exact_limit, self.exact_fraction * self._size):
                return self._exact(q, k, rows)
            return self._approximate(q, min(k, rows.shape[0]), rows)

    def _exact(self, q: FloatArray, k: int, rows: IdArray | None) -> tuple[IdArray, FloatArray]:
        """Score ``rows`` (None: every row) against ``q`` and keep the top ``k``."""
        if rows is None:
            scores = self._vectors[: self._size] @ q
            rows = np.arange(self._size, dtype=np.int64)
        else:
            scores = self._vectors[rows] @ q
        if k < rows.shape[0]:
            top = np.argpartition(-scores, k - 1)[:k]
            rows, scores = rows[top], scores[top]
        ids = self._row_ids[rows]
        order = np.lexsort((ids, -scores))
        return ids[order], scores[order].astype(np.float32)

    def _approximate(
        self, q: FloatArray, k: int, rows: IdArray | None
    ) -> tuple[IdArray, FloatArray]:
        accept = _allow_only(self._row_ids[rows]) if rows is not None else None
        ef = max(2 * k, 64)
        while True:
            self._graph.set_ef(ef)
            try:
                labels, _ = self._graph.knn_query(q, k=k, num_threads=1, filter=accept)
                break
            except RuntimeError:
                # Fewer than k reachable allowed neighbours at this ef: widen, then give up
                # and answer exactly (always correct, costs one pass over the rows).
                if ef >= self._size:
                    return self._exact(q, k, rows)
                ef *= 4
        found = self._rows.rows(labels[0].astype(np.int64))
        # Scores come from the flat copy so both paths report identical similarities.
        return self._exact(q, k, found[found >= 0])

    # ------------------------------------------------------------------ persistence

    def save(self) -> None:
        """Write the index to ``path`` atomically (see the module docstring)."""
        if self.path is None:
            raise VectorIndexError("this index has no path; it lives in memory only")
        with self._lock:
            if not self._dirty and self.path.exists():
                return
            directory = self.path.parent
            directory.mkdir(parents=True, exist_ok=True)
            generation = uuid.uuid4().hex
            graph_name = f"{self.path.name}.{generation}.hnsw"
            graph_path = directory / graph_name
            manifest_tmp = directory / f"{self.path.name}.{generation}.tmp"
            try:
                self._graph.save_index(str(graph_path))
                _fsync_file(graph_path)
                header = {
                    "format": FORMAT,
                    "version": VERSION,
                    "dimensions": self.dimensions,
                    "metric": self.metric,
                    "m": self.m,
                    "ef_construction": self.ef_construction,
                    "graph": graph_name,
                    "graph_bytes": graph_path.stat().st_size,
                    "graph_crc32": _crc32(graph_path),
                }
                with manifest_tmp.open("wb") as handle:
                    np.savez(
                        handle,
                        header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
                        ids=self._row_ids[: self._size],
                        vectors=self._vectors[: self._size],
                    )
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(manifest_tmp, self.path)
                _fsync_dir(directory)
            except BaseException:
                manifest_tmp.unlink(missing_ok=True)
                graph_path.unlink(missing_ok=True)
                raise
            self._dirty = False
            # Forget tombstones whose graph slot went to another id since (cheap here).
            labels = np.asarray(self._graph.get_ids_list(), dtype=np.int64)
            live = np.isin(labels, self._row_ids[: self._size])
            self._tombstones = set(labels[~live].tolist())
            # Older graphs, and temporary files of saves that crashed, are garbage now.
            prefix = glob.escape(str(self.path))
            for old in glob.glob(f"{prefix}.*.hnsw") + glob.glob(f"{prefix}.*.tmp"):
                if Path(old).name != graph_name:
                    Path(old).unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, dimensions: int, *, threads: int = 1, **options: Any) -> HnswIndex:
        """Open a saved index. Raises FileNotFoundError if there is none, VectorIndexCorrupt if
        the file is damaged or was built for other dimensions. A damaged or missing graph file
        is rebuilt from the vectors (logged), since those are the truth."""
        path = Path(path)
        header, ids, vectors = _read_manifest(path)
        if header["dimensions"] != dimensions:
            raise VectorIndexCorrupt(
                f"{path} holds {header['dimensions']}-dimensional vectors, expected {dimensions}"
            )
        if vectors.shape != (ids.shape[0], dimensions):
            raise VectorIndexCorrupt(f"{path}: vectors and ids do not match")
        if np.unique(ids).shape[0] != ids.shape[0] or (ids < 0).any():
            raise VectorIndexCorrupt(f"{path}: duplicate or negative ids")
        index = cls(
            path,
            dimensions,
            metric=header["metric"],
            threads=threads,
            m=int(header.get("m", 16)),
            ef_construction=int(header.get("ef_construction", 128)),
            **options,
        )
        index._append(ids, np.ascontiguousarray(vectors, dtype=np.float32))
        graph_path = path.parent / str(header["graph"])
        if index._load_graph(graph_path, header, ids):
            index._dirty = False
        else:
            log.warning("vector index %s: graph file missing or damaged, rebuilding it", path)
            index._graph = index._new_graph(max(ids.shape[0], 1024))
            if ids.shape[0]:
                index._graph.add_items(index._vectors[: index._size], ids, num_threads=threads)
        return index

    def _load_graph(self, graph_path: Path, header: dict[str, Any], ids: IdArray) -> bool:
        """Load the saved graph if it is intact and matches the manifest."""
        if graph_path.name != header["graph"]:  # a name, never a path elsewhere
            return False
        try:
            if graph_path.stat().st_size != header["graph_bytes"]:
                return False
            if _crc32(graph_path) != header["graph_crc32"]:
                return False
            graph = hnswlib.Index(space="ip", dim=self.dimensions)
            graph.load_index(str(graph_path), allow_replace_deleted=True)
        except (OSError, RuntimeError):
            return False
        labels = np.asarray(graph.get_ids_list(), dtype=np.int64)
        live = np.isin(labels, ids)
        if int(live.sum()) != ids.shape[0] or graph.element_count != labels.shape[0]:
            return False
        self._graph = graph
        self._tombstones = set(labels[~live].tolist())
        self._graph_deleted = len(self._tombstones)
        return True


def check_saved(path: Path) -> str | None:
    """Check a saved index against the checksums its files carry, without loading it.

    Every array of the manifest against its zip CRC-32, the graph against the size and CRC-32
    the header gives (what :meth:`HnswIndex.load` checks too, in a fraction of the memory).
    None when intact or when nothing is saved at ``path``; else what is wrong, in a few words.
    """
    path = Path(path)
    if not path.exists():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
            if damaged is not None:
                return f"{path.name}: bad CRC-32 for {damaged}"
            with archive.open("header.npy") as member:
                header = json.loads(bytes(np.lib.format.read_array(member)).decode())
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        return f"{path.name}: unreadable ({exc})"
    if not isinstance(header, dict) or not isinstance(header.get("graph"), str):
        return f"{path.name}: not a souk vector index"
    graph = path.parent / header["graph"]
    if graph.name != header["graph"]:
        return f"{path.name}: names a graph outside its directory"
    try:
        size = graph.stat().st_size
        if size != header.get("graph_bytes"):
            return f"{graph.name}: {size} bytes, {header.get('graph_bytes')} expected"
        if _crc32(graph) != header.get("graph_crc32"):
            return f"{graph.name}: checksum differs"
    except FileNotFoundError:
        return f"{graph.name}: missing"
    except OSError as exc:
        return f"{graph.name}: unreadable ({exc.strerror or exc})"
    return None


def saved_count(path: Path) -> int:
    """How many vectors the index saved at ``path`` holds, read from the ids array's header
    alone (VectorIndexCorrupt if unreadable, FileNotFoundError if nothing is saved)."""
    with Path(path).open("rb") as handle:  # FileNotFoundError: nothing saved
        return _count_ids(path, handle)


def _count_ids(path: Path, handle: Any) -> int:
    try:
        with zipfile.ZipFile(handle) as archive, archive.open("ids.npy") as member:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, _, _ = np.lib.format.read_array_header_1_0(member)
            else:
                shape, _, _ = np.lib.format.read_array_header_2_0(member)
        return int(shape[0])
    except (ValueError, KeyError, IndexError, zipfile.BadZipFile) as exc:
        raise VectorIndexCorrupt(f"{path}: unreadable vector index ({exc})") from exc


def _read_manifest(path: Path) -> tuple[dict[str, Any], IdArray, FloatArray]:
    """Read and check the manifest; every way it can be damaged becomes VectorIndexCorrupt."""
    handle = path.open("rb")  # FileNotFoundError propagates: no index is not a damaged one
    try:
        with handle:
            archive = np.load(handle, allow_pickle=False)
            if not isinstance(archive, np.lib.npyio.NpzFile):
                raise ValueError("not an .npz archive")
            with archive:
                header = json.loads(bytes(archive["header"]).decode())
                ids = np.asarray(archive["ids"])
                vectors = np.asarray(archive["vectors"])
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise VectorIndexCorrupt(f"{path}: unreadable vector index ({exc})") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise VectorIndexCorrupt(f"{path}: not a souk vector index")
    if header.get("version") != VERSION:
        raise VectorIndexCorrupt(
            f"{path}: unsupported vector index version {header.get('version')}"
        )
    required = ("dimensions", "metric", "graph", "graph_bytes", "graph_crc32")
    if any(key not in header for key in required) or header["metric"] not in METRICS:
        raise VectorIndexCorrupt(f"{path}: incomplete vector index header")
    if ids.dtype != np.int64 or ids.ndim != 1 or vectors.dtype != np.float32 or vectors.ndim != 2:
        raise VectorIndexCorrupt(f"{path}: unexpected array types in vector index")
    if not np.isfinite(vectors).all():
        raise VectorIndexCorrupt(f"{path}: non-finite vectors")
    return header, ids, vectors
