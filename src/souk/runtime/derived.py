"""Opening, catching up and rebuilding an index's derived structures from the store.

The store is the source of truth; the lexical index and the vector indexes are caches of it with
a checkpoint each. :func:`open_runtime` makes them agree with the store before anyone searches.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from souk.config import Settings
from souk.retrieval.embedders import Embedder, create_embedder
from souk.retrieval.embedders.disk_cache import DiskCachedEmbedder
from souk.retrieval.hnsw_index import HnswIndex, VectorIndexCorrupt
from souk.retrieval.layout import FieldLayout
from souk.retrieval.tantivy_index import LexicalIndexCorrupt, TantivyIndex
from souk.runtime.checkpoint import Checkpoint
from souk.runtime.index_runtime import IndexRuntime
from souk.store.store import IndexRecord, Store

log = logging.getLogger("souk.derived")

Progress = Callable[[str, int, int], None]


def index_dir(config: Settings, uid: str) -> Path:
    return config.data_dir / "indexes" / uid


def checkpoint_path(config: Settings, uid: str) -> Path:
    return index_dir(config, uid) / "checkpoint.json"


def embedder_fingerprint(config: Mapping[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(config, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def embedder_dimensions(embedder: Embedder | None, config: Mapping[str, Any]) -> int:
    if embedder is not None:
        return int(embedder.dimensions)
    return int(config.get("dimensions", 384))


def open_embedders(config: Settings, settings: Mapping[str, Any]) -> dict[str, Embedder]:
    out: dict[str, Embedder] = {}
    for name, conf in (settings.get("embedders") or {}).items():
        embedder = create_embedder(
            conf, threads=config.model_threads, cache_size=config.query_cache_size
        )
        cache_dir = config.embedding_cache_dir
        if cache_dir is not None and conf.get("source") != "userProvided":
            path = cache_dir / f"{embedder.name}-{embedder_model_fingerprint(conf)}.sqlite"
            embedder = DiskCachedEmbedder(embedder, path)
        out[name] = embedder
    return out


def embedder_model_fingerprint(config: Mapping[str, Any]) -> str:
    """What decides a text's vector: the model settings, not the template or the name."""
    relevant = {
        k: v
        for k, v in config.items()
        if k not in ("documentTemplate", "documentTemplateMaxBytes", "binaryQuantized")
    }
    return hashlib.sha256(orjson.dumps(relevant, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def open_runtime(
    config: Settings,
    store: Store,
    record: IndexRecord,
    *,
    embedders: Mapping[str, Embedder] | None = None,
    writable: bool,
    progress: Progress | None = None,
    damaged: Collection[str] = (),
) -> IndexRuntime:
    """Open (and, when ``writable``, repair) the derived indexes of one index.

    ``damaged`` names parts found not to match their checksums (``"lexical"``): they are
    rebuilt from the store rather than opened.

    ``embedders`` are the loaded models to use (the registry shares them between indexes);
    without them the index's own are opened.
    """
    directory = index_dir(config, record.uid)
    layout = FieldLayout.from_settings(record.settings, record.fields)
    ckpt = Checkpoint.load(checkpoint_path(config, record.uid))
    target = store.last_succeeded_task(record.uid)
    lexical_path = directory / "lexical"
    kwargs: dict[str, Any] = {"heap_mb": config.writer_heap_mb, "threads": config.index_threads}
    rebuild = (
        ckpt.lexical_layout != layout.fingerprint()
        or not lexical_path.exists()
        or "lexical" in damaged
    )
    lexical: TantivyIndex | None = None
    if not rebuild:
        try:
            lexical = TantivyIndex(lexical_path, layout, **kwargs)
        except LexicalIndexCorrupt as exc:
            log.warning("lexical index of %s is unreadable (%s): rebuilding", record.uid, exc)
            rebuild = True
    runtime_embedders = (
        dict(embedders) if embedders is not None else open_embedders(config, record.settings)
    )
    if rebuild and not writable:
        lexical = TantivyIndex(None, layout, **kwargs)
        _fill_lexical(store, record.uid, lexical, None, progress)
        ckpt.lexical_task = target
    elif rebuild:
        started = time.perf_counter()
        lexical = TantivyIndex.recreate(lexical_path, layout, **kwargs)
        _fill_lexical(store, record.uid, lexical, None, progress)
        lexical.commit()
        ckpt.lexical_task, ckpt.lexical_layout = target, layout.fingerprint()
        log.info("rebuilt lexical index of %s in %.2fs", record.uid, time.perf_counter() - started)
    assert lexical is not None
    if ckpt.lexical_task < target:
        if writable:
            _catch_up_lexical(store, record.uid, lexical, ckpt.lexical_task)
            lexical.commit()
            ckpt.lexical_task = target
        else:
            lexical.reload()
    runtime = IndexRuntime(
        record=record,
        layout=layout,
        lexical=lexical,
        store=store,
        embedders=runtime_embedders,
        max_filter_chars=config.max_filter_chars,
        max_filter_values=config.max_filter_values,
    )
    for name, conf in (record.settings.get("embedders") or {}).items():
        runtime.vectors[name] = _open_vectors(
            config,
            store,
            record.uid,
            name,
            conf,
            runtime_embedders.get(name),
            ckpt,
            target,
            writable=writable,
        )
    if writable:
        ckpt.vector_task = {k: v for k, v in ckpt.vector_task.items() if k in runtime.vectors}
        ckpt.save(checkpoint_path(config, record.uid))
    return runtime


def _fill_lexical(
    store: Store, uid: str, lexical: TantivyIndex, after: int | None, progress: Progress | None
) -> None:
    total = store.count_documents(uid)
    done = 0
    for batch in store.iter_documents(uid, batch_size=2000, changed_after_task=after):
        lexical.upsert((d.iid, d.doc_id, d.body) for d in batch)
        done += len(batch)
        if progress is not None:
            progress("indexing", done, total)


def _catch_up_lexical(store: Store, uid: str, lexical: TantivyIndex, after: int) -> None:
    lexical.delete(store.tombstones_after(uid, after))
    _fill_lexical(store, uid, lexical, after, None)


def _open_vectors(
    config: Settings,
    store: Store,
    uid: str,
    name: str,
    conf: Mapping[str, Any],
    embedder: Embedder | None,
    ckpt: Checkpoint,
    target: int,
    *,
    writable: bool,
) -> HnswIndex:
    path = index_dir(config, uid) / "vectors" / name
    dims = embedder_dimensions(embedder, conf)
    fingerprint = embedder_fingerprint(conf)
    index: HnswIndex | None = None
    if ckpt.vector_config.get(name) == fingerprint and name in ckpt.vector_task:
        try:
            index = HnswIndex.load(path, dims)
        except (VectorIndexCorrupt, OSError, ValueError) as exc:
            log.warning("vector index %s/%s unreadable (%s): rebuilding", uid, name, exc)
    if index is None:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
        index = HnswIndex(path, dims, threads=config.index_threads)
        load_vectors(store, uid, name, index, None)
    else:
        last = ckpt.vector_task.get(name, -1)
        if last < target:
            index.delete(store.tombstones_after(uid, last))
            changed = [
                d.iid for batch in store.iter_documents(uid, changed_after_task=last) for d in batch
            ]
            load_vectors(store, uid, name, index, changed)
    if writable:
        index.save()
        ckpt.vector_task[name] = target
        ckpt.vector_config[name] = fingerprint
    return index


def load_vectors(
    store: Store, uid: str, name: str, index: HnswIndex, iids: list[int] | None
) -> None:
    """Copy stored embeddings (all, or for some iids) into a vector index."""
    if iids is not None and not iids:
        return
    for rows in store.iter_embeddings(uid, name, iids):
        if not rows:
            continue
        ids = np.asarray([iid for iid, _ in rows], dtype=np.int64)
        vectors = np.stack([np.frombuffer(blob, dtype=np.float32) for _, blob in rows])
        index.upsert(ids, vectors)


def remove_index_files(config: Settings, uid: str) -> None:
    shutil.rmtree(index_dir(config, uid), ignore_errors=True)
