"""The embedder protocol, its error type and the query-embedding LRU cache.

Every backend turns text into L2-normalised float32 vectors so that a plain dot product is the
cosine similarity; the vector index and the hybrid ranker rely on that.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from souk.errors import Code, SoukException

__all__ = [
    "DOCUMENT_BATCH_SIZE",
    "CachedEmbedder",
    "Embedder",
    "EmbedderError",
    "FloatArray",
    "Progress",
    "l2_normalise",
]

FloatArray = NDArray[np.float32]
#: Called with the number of documents embedded so far (cumulative), after each sub-batch.
Progress = Callable[[int], None]
#: Documents are embedded in sub-batches of this size so callers can report progress.
DOCUMENT_BATCH_SIZE = 32


class EmbedderError(SoukException, ValueError):
    """A bad embedder setting, a missing optional dependency or an unsupported call."""

    error_code = Code.VECTOR_EMBEDDING_ERROR


@runtime_checkable
class Embedder(Protocol):
    """Text → unit vectors. ``name`` is the Meilisearch ``source`` the embedder was built from."""

    name: str
    dimensions: int

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> FloatArray:
        """Embed documents: an ``(len(texts), dimensions)`` float32 array of unit rows."""
        ...

    def embed_query(self, text: str) -> FloatArray:
        """Embed one search query: a ``(dimensions,)`` float32 unit vector."""
        ...


def l2_normalise(vectors: NDArray[np.floating]) -> FloatArray:
    """Scale rows (or a single vector) to unit length; all-zero rows are left as zeros."""
    out = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(out, axis=-1, keepdims=True)
    norms[norms == 0.0] = 1.0
    return np.ascontiguousarray(out / norms, dtype=np.float32)


class CachedEmbedder:
    """Wrap any embedder with a thread-safe LRU cache of query embeddings keyed by the text.

    Shoppers repeat the same queries (and type-ahead re-sends them), so even a small cache saves
    a model call on most searches. Cached vectors are copied on the way out so a caller that
    edits its result in place cannot corrupt the cache.
    """

    def __init__(self, inner: Embedder, cache_size: int = 1024) -> None:
        if cache_size < 1:
            raise EmbedderError("the query cache size must be at least 1")
        self.inner = inner
        self.name = inner.name
        self.dimensions = inner.dimensions
        self._size = cache_size
        self._cache: OrderedDict[str, FloatArray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> FloatArray:
        return self.inner.embed_documents(texts, progress)

    def embed_query(self, text: str) -> FloatArray:
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                self.hits += 1
                return cached.copy()
        # Embed outside the lock: two threads may compute the same miss, which is harmless,
        # whereas holding the lock would serialise every query behind the slowest model call.
        vector = self.inner.embed_query(text)
        with self._lock:
            self.misses += 1
            self._cache[text] = vector.copy()
            self._cache.move_to_end(text)
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return vector

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
