"""The ``userProvided`` embedder: no model, the vectors come with the documents.

Documents carry them in ``_vectors.<embedder name>`` and searches pass ``vector``; this class only
checks them and brings them to unit length so they mix with the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from souk.errors import Code
from souk.retrieval.embedders.base import EmbedderError, FloatArray, Progress

__all__ = ["InvalidVector", "UserProvidedEmbedder", "VectorDimensionMismatch"]


class InvalidVector(EmbedderError):
    """A supplied vector that is not an array of finite numbers with a direction."""

    error_code = Code.INVALID_VECTORS


class VectorDimensionMismatch(InvalidVector):
    """A supplied vector of the wrong length."""

    error_code = Code.INVALID_VECTOR_DIMENSIONS


class UserProvidedEmbedder:
    """Validates vectors supplied by the user instead of computing them."""

    name = "userProvided"

    def __init__(self, dimensions: int) -> None:
        if isinstance(dimensions, bool) or not isinstance(dimensions, int) or dimensions < 1:
            raise EmbedderError("the userProvided embedder needs `dimensions`: a positive integer")
        self.dimensions = dimensions

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> FloatArray:
        raise EmbedderError(
            "the userProvided embedder has no model: this embedder takes vectors from "
            "documents' `_vectors` field"
        )

    def embed_query(self, text: str) -> FloatArray:
        raise EmbedderError(
            "the userProvided embedder has no model: pass the query's `vector` with the search"
        )

    def validate_vector(self, vector: object) -> FloatArray:
        """Check one vector (a list of numbers or an array) and return it as a unit float32 row.

        Raises :class:`InvalidVector` (:class:`VectorDimensionMismatch` for a wrong length) if
        it has the wrong length, holds anything but finite numbers, or
        is all zeros (it would have no direction, so no cosine similarity).
        """
        if isinstance(vector, str | bytes):
            raise InvalidVector("a vector must be an array of numbers, not a string")
        try:
            array = np.asarray(vector)
        except (ValueError, TypeError) as exc:
            raise InvalidVector(f"a vector must be an array of numbers: {exc}") from exc
        if array.dtype.kind not in "iuf" or array.dtype == np.bool_:
            raise InvalidVector("a vector must be an array of numbers")
        if array.ndim != 1 or array.shape[0] != self.dimensions:
            got = array.shape[0] if array.ndim == 1 else f"shape {array.shape}"
            raise VectorDimensionMismatch(
                f"expected a vector of {self.dimensions} numbers, got {got}"
            )
        values = array.astype(np.float64)
        if not np.all(np.isfinite(values)):
            raise InvalidVector("a vector must hold finite numbers only (no NaN or infinity)")
        norm = float(np.linalg.norm(values))
        if norm == 0.0:
            raise InvalidVector("a vector must not be all zeros")
        return (values / norm).astype(np.float32)
