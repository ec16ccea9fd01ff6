"""What shoppers do, and what souk learns from it: events, training, analytics, the assistant.

One object per engine (``engine.behaviour``), so the engine's own API stays about catalogs and
search.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from souk.assistant import Assistant
from souk.config import Settings
from souk.errors import SoukError, index_not_found
from souk.events.analytics import analytics_report
from souk.events.model import Event, parse_event, parse_events
from souk.events.search_log import SearchLog
from souk.events.store import EventStore, search_record
from souk.runtime.registry import RuntimeRegistry
from souk.store.store import Store
from souk.store.task_records import Task, TaskType

log = logging.getLogger("souk.engine.behaviour")

INGEST_BATCH = 5000


class Behaviour:
    """Shoppers' events in and out: records them, logs searches, enqueues training, reports
    analytics, and keeps the shopping assistant (its chat model is loaded on first use).

    It writes events and search logs only; catalog changes and training go through tasks.
    """

    def __init__(self, store: Store, config: Settings, runtimes: RuntimeRegistry) -> None:
        self.store = store
        self.config = config
        self.runtimes = runtimes
        self.events = EventStore(store)
        self.search_log = SearchLog(self.events)
        self._assistant: Assistant | None = None

    def close(self) -> None:
        self.search_log.stop()

    @property
    def assistant(self) -> Assistant:
        """The shopping assistant, with the configured chat model (loaded on first use)."""
        if self._assistant is None:
            from souk.llm import open_chat_model

            self._assistant = Assistant(self.store, open_chat_model(self.config))
        return self._assistant

    # -- events --------------------------------------------------------------------------
    def record_events(self, index_uid: str, batch: Any) -> dict[str, Any]:
        """Validate a whole batch, then store it in one transaction (all or nothing)."""
        self._require_index(index_uid)
        events = parse_events(batch)
        result = self.events.append(index_uid, events)
        return {
            "indexUid": index_uid,
            "received": len(events),
            "stored": result.stored,
            "unknownProductIds": result.unknown_products,
        }

    def record_events_bulk(self, index_uid: str, events: Sequence[Event]) -> dict[str, Any]:
        """Already-validated events, stored in batches (each batch one transaction)."""
        self._require_index(index_uid)
        return self._append_in_batches(index_uid, events, None)

    def ingest_file(
        self, index_uid: str, path: Path, progress: Callable[[int], None] | None = None
    ) -> dict[str, Any]:
        """Events from NDJSON (one per line) or a JSON array; every line is checked first."""
        self._require_index(index_uid)
        return self._append_in_batches(index_uid, list(_read_event_file(path)), progress)

    def _append_in_batches(
        self, index_uid: str, events: Sequence[Event], progress: Callable[[int], None] | None
    ) -> dict[str, Any]:
        """Store validated events, each batch of ``INGEST_BATCH`` one transaction."""
        stored, unknown = 0, set[str]()
        for start in range(0, len(events), INGEST_BATCH):
            result = self.events.append(index_uid, events[start : start + INGEST_BATCH])
            stored += result.stored
            unknown.update(result.unknown_products)
            if progress is not None:
                progress(stored)
        return {
            "indexUid": index_uid,
            "received": len(events),
            "stored": stored,
            "unknownProductIds": sorted(unknown),
        }

    def log_search(self, index_uid: str, response: dict[str, Any]) -> None:
        query_uid = response.get("queryUid")
        if not query_uid or response.get("limit", response.get("hitsPerPage")) == 0:
            return  # facet-count side queries (InstantSearch sends them) are not searches
        # the open runtime's record: no store read on the search path
        primary_key = self.runtimes.runtime(index_uid).record.primary_key
        self.search_log.record(
            index_uid, search_record(query_uid, response.get("query") or "", response, primary_key)
        )

    # -- recommendations -----------------------------------------------------------------
    def train(self, index_uid: str, *, incremental: bool = False) -> Task:
        self._require_index(index_uid)
        return self.store.enqueue(
            index_uid, TaskType.RECOMMENDATIONS_TRAINING, {"incremental": incremental}
        )

    # -- analytics -----------------------------------------------------------------------
    def analytics(
        self, index_uid: str, *, since: float | None = None, limit: int = 20
    ) -> dict[str, Any]:
        self._require_index(index_uid)
        self.search_log.flush()
        return analytics_report(self.events, index_uid, since=since, limit=limit)

    def _require_index(self, index_uid: str) -> None:
        if self.store.get_index(index_uid) is None:
            raise index_not_found(index_uid)


def _read_event_file(path: Path) -> Iterator[Event]:
    if not path.exists():
        raise SoukError(f"Event file {path} does not exist.", "invalid_event")
    text = path.read_bytes()
    if text.lstrip().startswith(b"["):
        try:
            batch = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise SoukError(f"{path}: not valid JSON ({exc}).", "invalid_event") from None
        yield from parse_events(batch)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise SoukError(f"{path}:{number}: not valid JSON ({exc}).", "invalid_event") from None
        yield parse_event(raw, f"{path}:{number}")
