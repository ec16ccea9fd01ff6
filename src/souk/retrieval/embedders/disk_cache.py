"""A persistent embedding cache keyed by the exact text, shared by every index of one model.

Embedding is by far the slowest part of indexing on a CPU (≈45 documents/s for the bundled
model on one thread), and the same texts come back again and again: an index rebuilt from a
file, an evaluation re-run with other ranking settings, a staging copy of a shop. With
``SOUK_EMBEDDING_CACHE_DIR`` set, vectors are kept in one SQLite file per embedder
configuration and a text is only ever embedded once.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from souk.retrieval.embedders.base import Embedder, FloatArray, Progress

_LOOKUP_CHUNK = 500


def _key(kind: str, text: str) -> bytes:
    return hashlib.blake2b(f"{kind}\0{text}".encode(), digest_size=20).digest()


class DiskCachedEmbedder:
    """Wrap an embedder; documents and queries are looked up on disk before being embedded."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimensions = inner.dimensions
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
        )
        self._conn.commit()
        self._lock = threading.Lock()

    def _get(self, keys: Sequence[bytes]) -> dict[bytes, FloatArray]:
        found: dict[bytes, FloatArray] = {}
        with self._lock:
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                chunk = list(keys[start : start + _LOOKUP_CHUNK])
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape[0] == self.dimensions:
                        found[bytes(key)] = vector
        return found

    def _put(self, items: Sequence[tuple[bytes, FloatArray]]) -> None:
        with self._lock:
            self._conn.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                [(key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in items],
            )
            self._conn.commit()

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> FloatArray:
        items = list(texts)
        keys = [_key("d", text) for text in items]
        cached = self._get(keys)
        out = np.empty((len(items), self.dimensions), dtype=np.float32)
        missing = [i for i, key in enumerate(keys) if key not in cached]
        for i, key in enumerate(keys):
            if key in cached:
                out[i] = cached[key]
        done = len(items) - len(missing)
        if progress is not None and done:
            progress(done)
        if missing:
            inner_progress = None if progress is None else (lambda n: progress(done + n))
            vectors = self.inner.embed_documents([items[i] for i in missing], inner_progress)
            for row, i in enumerate(missing):
                out[i] = vectors[row]
            self._put([(keys[i], vectors[row]) for row, i in enumerate(missing)])
        return out

    def embed_query(self, text: str) -> FloatArray:
        key = _key("q", text)
        cached = self._get([key]).get(key)
        if cached is not None:
            return cached.copy()
        vector = self.inner.embed_query(text)
        self._put([(key, vector)])
        return vector

    def close(self) -> None:
        with self._lock:
            self._conn.close()
