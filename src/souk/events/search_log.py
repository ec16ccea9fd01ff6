"""The API's search log, written off the request path.

A search must not wait for the store's write lock (an ingest may hold it for seconds), so
records go to a bounded queue that a daemon thread flushes every ``interval`` seconds. On a crash
the last interval of search records can be lost; behaviour events (:mod:`souk.events.store`) are
never buffered.
"""

from __future__ import annotations

import logging
import queue
import threading

from souk.events.store import EventStore, SearchRecord

log = logging.getLogger("souk.events")


class SearchLog:
    """A bounded queue of served searches, flushed to the store by a daemon thread."""

    def __init__(
        self, events: EventStore, *, interval: float = 0.5, capacity: int = 100_000
    ) -> None:
        self.events = events
        self.interval = interval
        self._queue: queue.Queue[tuple[str, SearchRecord]] = queue.Queue(capacity)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.dropped = 0

    def record(self, index_uid: str, record: SearchRecord) -> None:
        try:
            self._queue.put_nowait((index_uid, record))
        except queue.Full:  # the store is stuck; analytics lose a record, search goes on
            self.dropped += 1
        if self._thread is None:
            self.start()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="souk-search-log", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.flush()

    def flush(self) -> int:
        rows: list[tuple[str, SearchRecord]] = []
        while True:
            try:
                rows.append(self._queue.get_nowait())
            except queue.Empty:
                break
        if rows:
            try:
                self.events.append_searches(rows)
            except Exception:
                log.exception("could not write %d search log records", len(rows))
                return 0
        return len(rows)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()
