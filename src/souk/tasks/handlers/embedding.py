"""Vectors for a task's documents: computed by the index's embedders or taken from the
documents (``userProvided``), before the task touches the store."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from souk.errors import SoukError
from souk.retrieval.embedders import Embedder, EmbedderError, render_template
from souk.retrieval.embedders.user_provided import UserProvidedEmbedder
from souk.retrieval.layout import FieldLayout
from souk.store.validation import where
from souk.tasks.context import TaskContext

#: ``(doc_id, text hash, float32 bytes)`` per changed document, per embedder
VectorRows = dict[str, list[tuple[str, str, bytes]]]


def document_embeddings(
    ctx: TaskContext,
    embedders: Mapping[str, Embedder],
    settings: Mapping[str, Any],
    bodies: Mapping[str, Mapping[str, Any]],
    ids: Sequence[str],
    layout: FieldLayout,
    source: str | None,
    locations: Sequence[int],
    kind: str,
) -> VectorRows:
    """doc_id → (text hash, float32 vector) per embedder, only for changed documents."""
    uid = ctx.index_uid
    out: VectorRows = {}
    location_of = dict(zip(ids, locations, strict=False))
    for name, conf in (settings.get("embedders") or {}).items():
        if conf.get("source") == "userProvided":
            out[name] = user_vectors(name, conf, bodies, source, location_of, kind)
            continue
        embedder = embedders.get(name)
        if embedder is None:
            continue
        existing = ctx.store.get_documents(uid, list(bodies))
        stored = ctx.store.embedding_hashes(uid, name, [d.iid for d in existing.values()])
        todo: list[tuple[str, str, str]] = []
        for doc_id, body in bodies.items():
            text = render_template(conf.get("documentTemplate"), body, list(layout.searchable))
            text_hash = hashlib.sha1(text.encode()).hexdigest()
            old = existing.get(doc_id)
            if old is not None and stored.get(old.iid) == text_hash:
                continue
            todo.append((doc_id, text, text_hash))
        rows: list[tuple[str, str, bytes]] = []
        if todo:

            def report(done: int, total: int = len(todo), stage: str = name) -> None:
                ctx.report(f"embedding ({stage})", done, total)

            vectors = embedder.embed_documents([t for _, t, _ in todo], progress=report)
            for (doc_id, _, text_hash), vector in zip(todo, vectors, strict=True):
                rows.append((doc_id, text_hash, np.asarray(vector, np.float32).tobytes()))
        out[name] = rows
    return out


def user_vectors(
    name: str,
    conf: Mapping[str, Any],
    bodies: Mapping[str, Mapping[str, Any]],
    source: str | None,
    location_of: Mapping[str, int],
    kind: str,
) -> list[tuple[str, str, bytes]]:
    """Vectors the documents carry in ``_vectors.<name>``, checked by the ``userProvided``
    embedder's own rules (length, finite numbers, not all zeros) and made unit length."""
    checker = UserProvidedEmbedder(int(conf["dimensions"]))
    rows: list[tuple[str, str, bytes]] = []
    for doc_id, body in bodies.items():
        raw = (
            (body.get("_vectors") or {}).get(name)
            if isinstance(body.get("_vectors"), Mapping)
            else None
        )
        if isinstance(raw, Mapping):
            raw = raw.get("embeddings")
        if raw is None:
            continue
        if isinstance(raw, list) and raw and isinstance(raw[0], list):
            raw = raw[0]
        try:
            vector = checker.validate_vector(raw)
        except EmbedderError as exc:
            prefix = where(source, location_of.get(doc_id), kind)
            raise SoukError(f"{prefix}field `_vectors.{name}`: {exc}", exc.error_code) from exc
        rows.append((doc_id, "user", vector.tobytes()))
    return rows


def embed_all(
    ctx: TaskContext,
    name: str,
    conf: Mapping[str, Any],
    embedder: Embedder,
    docs: Sequence[tuple[int, Mapping[str, Any]]],
    layout: FieldLayout,
) -> list[tuple[int, str, bytes]]:
    """Vectors for every document of an index (a new or changed embedder), keyed by iid."""
    if conf.get("source") == "userProvided":
        rows = user_vectors(name, conf, {str(i): b for i, b in docs}, None, {}, "record")
        return [(int(doc_id), h, blob) for doc_id, h, blob in rows]
    texts = [
        render_template(conf.get("documentTemplate"), body, list(layout.searchable))
        for _, body in docs
    ]

    def report(done: int) -> None:
        ctx.report(f"embedding ({name})", done, len(texts))

    if not texts:
        return []
    vectors = embedder.embed_documents(texts, progress=report)
    return [
        (iid, hashlib.sha1(text.encode()).hexdigest(), np.asarray(vec, np.float32).tobytes())
        for (iid, _), text, vec in zip(docs, texts, vectors, strict=True)
    ]
