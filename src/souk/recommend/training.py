"""Train an index's recommenders from its events and catalog, and keep the result on disk.

The trained state (models, item space, click signals) is one file per index under
``data_dir/recommend/``, replaced atomically, so a serving process never sees half a model.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from souk.config import Settings
from souk.events.signals import ClickSignals, build_signals
from souk.events.store import EventStore, StoredEvent
from souk.recommend.blender import Blender, default_models
from souk.recommend.data import InteractionData, extended
from souk.store.store import Store

log = logging.getLogger("souk.recommend")

FORMAT_VERSION = 1
CATEGORY_FIELDS = ("category", "categories", "product_type", "type")

Progress = Callable[[str, int, int], None]


@dataclass
class TrainedModel:
    """An index's trained recommenders, item space and click signals: one file, replaced whole."""

    blender: Blender
    data: InteractionData
    signals: ClickSignals
    signal_iids: dict[int, str] = field(default_factory=dict)
    last_event_id: int = 0
    trained_at: float = 0.0
    seconds: float = 0.0
    mode: str = "full"
    catalog_size: int = 0
    format_version: int = FORMAT_VERSION

    def summary(self) -> dict[str, Any]:
        return {
            "events": len(self.data.item),
            "users": len(self.data.users),
            "sessions": len(self.data.sessions),
            "items": self.data.n_items,
            "lastEventId": self.last_event_id,
            "mode": self.mode,
            "seconds": round(self.seconds, 2),
        }


def model_path(data_dir: Path, index_uid: str) -> Path:
    return data_dir / "recommend" / f"{index_uid}.pkl"


def save(model: TrainedModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def load(path: Path) -> TrainedModel | None:
    """The saved model, or None if there is none (or it is from another format version)."""
    if not path.exists():
        return None
    with path.open("rb") as handle:
        model = pickle.load(handle)
    if not isinstance(model, TrainedModel) or model.format_version != FORMAT_VERSION:
        return None
    return model


def train_index(
    store: Store,
    config: Settings,
    index_uid: str,
    progress: Progress | None = None,
    *,
    incremental: bool = False,
) -> TrainedModel:
    """Fit every model on all of the index's events; the catalog gives the item space.

    ``incremental``: start from the saved model and add only the events that came after it,
    letting each model update cheaply where it can. Falls back to a full training when there is
    no saved model, or the catalog or the events name products the saved model does not know.
    """
    if incremental:
        updated = _train_incrementally(store, config, index_uid, progress)
        if updated is not None:
            return updated
    started = time.perf_counter()
    events = EventStore(store)
    report = progress or (lambda _stage, _done, _total: None)
    record = store.get_index(index_uid)
    assert record is not None
    catalog: list[str] = []
    categories: dict[str, str] = {}
    iid_of: dict[str, int] = {}
    total_docs = store.count_documents(index_uid)
    for batch in store.iter_documents(index_uid, batch_size=5000):
        for doc in batch:
            catalog.append(doc.doc_id)
            iid_of[doc.doc_id] = doc.iid
            category = _category(doc.body)
            if category is not None:
                categories[doc.doc_id] = category
        report("catalog", len(catalog), total_docs)
    stored: list[StoredEvent] = []
    for event_batch in events.iter_events(index_uid):
        stored.extend(event_batch)
        report("events", len(stored), len(stored))
    data = InteractionData.from_events((s.event for s in stored), catalog, categories)
    data.vectors = _vectors(store, index_uid, record.settings, data, iid_of)
    report("fit", 0, 1)
    blender = Blender(default_models(threads=config.model_threads)).fit(data)
    report("fit", 1, 1)
    searches = [r for batch in events.iter_searches(index_uid) for r in batch]
    signals = build_signals(searches, stored)
    model = TrainedModel(
        blender=blender,
        data=data,
        signals=signals,
        signal_iids={iid: pid for pid, iid in iid_of.items()},
        last_event_id=stored[-1].id if stored else 0,
        trained_at=time.time(),
        catalog_size=len(catalog),
    )
    model.seconds = time.perf_counter() - started
    save(model, model_path(config.data_dir, index_uid))
    log.info(
        "recommendations for %s trained on %d events, %d items in %.2fs",
        index_uid,
        len(stored),
        data.n_items,
        model.seconds,
    )
    return model


def _train_incrementally(
    store: Store, config: Settings, index_uid: str, progress: Progress | None
) -> TrainedModel | None:
    started = time.perf_counter()
    path = model_path(config.data_dir, index_uid)
    previous = load(path)
    if previous is None or store.count_documents(index_uid) != previous.catalog_size:
        return None
    events = EventStore(store)
    every = [s for batch in events.iter_events(index_uid) for s in batch]  # signals need all
    fresh = [s for s in every if s.id > previous.last_event_id]
    grown = extended(previous.data, (s.event for s in fresh))
    if grown is None:
        return None
    data, users, sessions = grown
    modes = {
        name: model.update(previous.data, data, users, sessions)
        for name, model in previous.blender.models.items()
    }
    if progress is not None:
        progress("update", 1, 1)
    searches = [r for batch in events.iter_searches(index_uid) for r in batch]
    model = TrainedModel(
        blender=previous.blender,
        data=data,
        signals=build_signals(searches, every),
        signal_iids=previous.signal_iids,
        last_event_id=fresh[-1].id if fresh else previous.last_event_id,
        trained_at=time.time(),
        mode="incremental",
        catalog_size=previous.catalog_size,
    )
    model.seconds = time.perf_counter() - started
    save(model, path)
    log.info(
        "recommendations for %s updated with %d new events in %.2fs (%s)",
        index_uid,
        len(fresh),
        model.seconds,
        ", ".join(f"{name}: {mode}" for name, mode in modes.items()),
    )
    return model


def _category(body: dict[str, Any]) -> str | None:
    for name in CATEGORY_FIELDS:
        value = body.get(name)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)
    return None


def _vectors(
    store: Store,
    index_uid: str,
    settings: dict[str, Any],
    data: InteractionData,
    iid_of: dict[str, int],
) -> np.ndarray | None:
    """The first embedder's stored vectors, one row per item (zeros where there is none)."""
    embedders = list((settings.get("embedders") or {}).keys())
    if not embedders:
        return None
    item_of_iid = {iid: data.item_index[doc_id] for doc_id, iid in iid_of.items()}
    rows: dict[int, np.ndarray] = {}
    for batch in store.iter_embeddings(index_uid, embedders[0]):
        for iid, blob in batch:
            item = item_of_iid.get(iid)
            if item is not None:
                rows[item] = np.frombuffer(blob, dtype=np.float32)
    if not rows:
        return None
    dimensions = len(next(iter(rows.values())))
    vectors = np.zeros((data.n_items, dimensions), np.float32)
    for item, vector in rows.items():
        if len(vector) == dimensions:
            vectors[item] = vector
    return vectors
