"""Serving recommendations: live anchors, the trained blend, a filter, search-shaped hits.

The models are retrained by a task, but a shopper's anchors (their recent products) are read from
the event store at request time, so a new session gets recommendations from its first view
without waiting for a retrain.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from souk.errors import SoukError, index_not_found
from souk.events.signals import lifts_for
from souk.events.store import EventStore
from souk.recommend.base import RecRequest, RequestKind
from souk.recommend.training import TrainedModel, load, model_path
from souk.retrieval.filter_eval import make_predicate
from souk.retrieval.filters import FilterError, parse_filter
from souk.store.store import Store
from souk.store.task_records import iso

MAX_LIMIT = 1000
HISTORY = 20


class RecommendationService:
    """Serves an index's trained recommendations and click lifts.

    It reads models that a ``recommendationsTraining`` task wrote (reloading when the file
    changes) and the shopper's recent events; it never trains and never writes the store.
    """

    def __init__(self, store: Store, data_dir: Path) -> None:
        self.store = store
        self.data_dir = data_dir
        self.events = EventStore(store)
        self._models: dict[str, tuple[int, TrainedModel]] = {}
        self._lock = threading.Lock()

    def model(self, index_uid: str) -> TrainedModel:
        """The index's trained model (reloaded when a training task replaced the file)."""
        path = model_path(self.data_dir, index_uid)
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = -1
        with self._lock:
            cached = self._models.get(index_uid)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            loaded = load(path) if stamp >= 0 else None
            if loaded is None:
                raise SoukError(
                    f"Index `{index_uid}` has no trained recommendations yet. Send events, then "
                    f"train: `souk recommend train --index {index_uid}` or "
                    f"`POST /indexes/{index_uid}/recommendations/train`.",
                    "recommendations_not_trained",
                )
            self._models[index_uid] = (stamp, loaded)
            return loaded

    def click_lifts(self, index_uid: str, query: str, iids: Sequence[int]) -> dict[int, float]:
        """Click-through lifts of ranked documents for a query (empty before any training)."""
        try:
            model = self.model(index_uid)
        except SoukError:
            return {}
        if not model.signals:
            return {}
        products = {iid: model.signal_iids[iid] for iid in iids if iid in model.signal_iids}
        return lifts_for(model.signals, query, products)

    def forget(self, index_uid: str) -> None:
        with self._lock:
            self._models.pop(index_uid, None)

    def recommend(
        self,
        index_uid: str,
        kind: RequestKind,
        key: str,
        *,
        limit: int = 10,
        filter_: Any = None,
        attributes: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        started = time.perf_counter()
        if self.store.get_index(index_uid) is None:
            raise index_not_found(index_uid)
        if not 0 <= limit <= MAX_LIMIT:
            raise SoukError(
                f"`limit` must be between 0 and {MAX_LIMIT}.", "invalid_recommendation_limit"
            )
        try:
            predicate = make_predicate(parse_filter(filter_))
        except FilterError as exc:
            raise SoukError(str(exc), "invalid_search_filter") from exc
        model = self.model(index_uid)
        data = model.data
        request, exclude = self._request(index_uid, model, kind, key)
        ranked = model.blender.recommend(request, exclude=exclude)
        hits: list[dict[str, Any]] = []
        for start in range(0, len(ranked), 200):
            if len(hits) >= limit:
                break
            chunk = ranked[start : start + 200]
            ids = [data.items[r.item] for r in chunk]
            docs = self.store.get_documents(index_uid, ids)
            for rec, doc_id in zip(chunk, ids, strict=True):
                doc = docs.get(doc_id)
                if doc is None or not predicate(doc.body):
                    continue  # deleted since training, never in the catalog, or filtered out
                hit = _project(doc.body, attributes)
                hit["_reason"] = {"model": rec.model, "text": rec.reason}
                hit["_recommendationScore"] = round(rec.score, 6)
                hits.append(hit)
                if len(hits) >= limit:
                    break
        key_name = {
            RequestKind.SIMILAR: "productId",
            RequestKind.BOUGHT_TOGETHER: "productId",
            RequestKind.FOR_USER: "userId",
            RequestKind.FOR_SESSION: "sessionId",
        }[kind]
        return {
            "hits": hits,
            "kind": kind.value,
            key_name: key,
            "limit": limit,
            "modelTrainedAt": iso(_utc(model.trained_at)),
            "processingTimeMs": int((time.perf_counter() - started) * 1000),
        }

    def _request(
        self, index_uid: str, model: TrainedModel, kind: RequestKind, key: str
    ) -> tuple[RecRequest, np.ndarray]:
        data = model.data
        if kind in (RequestKind.SIMILAR, RequestKind.BOUGHT_TOGETHER):
            item = data.item_index.get(key)
            if item is None:
                if self.store.get_documents(index_uid, [key]):
                    # added after the last training: only popularity can speak for it
                    return RecRequest(kind), np.zeros(0, np.int64)
                raise SoukError(f"Document `{key}` not found.", "document_not_found")
            return RecRequest(kind, (item,)), np.zeros(0, np.int64)
        if kind is RequestKind.FOR_USER:
            recent = self.events.recent_products(index_uid, user_id=key, limit=HISTORY)
            user = data.user_index.get(key)
        else:
            recent = self.events.recent_products(index_uid, session_id=key, limit=HISTORY)
            user = None
        anchors = tuple(data.item_index[p] for p in recent if p in data.item_index)
        history = np.asarray(anchors, np.int64)
        if user is not None:
            history = np.union1d(history, data.items_of_user(user))
        return RecRequest(kind, anchors, user), history


def _project(body: dict[str, Any], attributes: Sequence[str] | None) -> dict[str, Any]:
    if not attributes or "*" in attributes:
        return dict(body)
    return {name: body[name] for name in attributes if name in body}


def _utc(ts: float) -> Any:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC)
