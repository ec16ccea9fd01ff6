"""The server's task worker: one background thread applying enqueued tasks in order."""

from __future__ import annotations

import logging
import threading

from souk.api.webhook_delivery import WebhookNotifier
from souk.engine import Engine

log = logging.getLogger("souk.api.worker")

# Tasks enqueued by another process (e.g. `souk ingest` beside a running server) are noticed
# within this many seconds; tasks enqueued through the API wake the worker at once.
POLL_SECONDS = 0.25


class BackgroundWorker:
    def __init__(self, engine: Engine, notifier: WebhookNotifier | None = None) -> None:
        self.engine = engine
        self.notifier = notifier
        self.writer = False  # whether this process holds the writer lock (applies tasks)
        self.wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="souk-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._claim_writer()
                self.engine.process_pending()
                if self.notifier is not None and self.writer:
                    self.notifier.deliver()  # only queues: webhooks are POSTed elsewhere
            except Exception:  # keep serving; the failing task is already marked failed
                log.exception("task worker loop failed")
            self.wake.wait(POLL_SECONDS)
            self.wake.clear()

    def _claim_writer(self) -> None:
        """Take the writer lock if free. With ``--workers N`` every process runs this loop but
        only the writer applies tasks, so only it reports them to webhooks (otherwise each
        hook would get every task N times). A process that takes over starts reporting after
        the tasks already finished, before it applies any."""
        if self.writer or not self.engine.runtimes.writer_lock.acquire():
            return
        self.writer = True
        if self.notifier is not None:
            self.notifier.rebase()
