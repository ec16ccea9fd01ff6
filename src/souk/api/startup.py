"""What the server does in the background once it has started, while it already serves.

1. Check the store (``PRAGMA quick_check`` on SQLite, a connection and the tables on
   PostgreSQL) and log one line saying how it went (``store_check_on_start``).
2. Warm start (``warm_start``): open every index and run one small search, so the first search
   neither opens the index nor loads the ranker while other requests wait. A request for an
   index being warmed waits for that open (the registry's per-index lock) and shares it.
3. Every ``integrity_check_interval`` seconds, in the process that writes the indexes, check
   the open indexes' files against their checksums and rebuild damaged ones from the store.

Nothing here stops the server: a failure is logged, and requests meet it as a clear error.
"""

from __future__ import annotations

import logging
import threading
import time

from souk.config import Settings
from souk.engine import Engine
from souk.errors import SoukError
from souk.store.integrity import check_store
from souk.store.store import Store

log = logging.getLogger("souk.api.startup")


def preflight(config: Settings) -> None:
    """Open the store once before serving: a store too damaged to open stops ``souk serve``
    here with :class:`~souk.store.integrity.StoreCorrupt` (one line), before any worker
    process starts and fails the same way."""
    Store(config.sqlalchemy_url).close()


class StartupThread:
    """The background thread of the three jobs above; started and stopped by the app's lifespan."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: set once the store check and the warm start are done (or skipped)
        self.warmed = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="souk-startup", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        config = self.engine.config
        try:
            if config.store_check_on_start:
                self._check_store()
            if config.warm_start:
                self._warm()
        except SoukError as exc:  # a damaged store, most likely: said in one line
            log.error("start-up checks stopped: %s", exc.message)
        except Exception:  # never take the server down from here
            log.exception("start-up checks failed")
        finally:
            self.warmed.set()
        interval = config.integrity_check_interval
        while interval > 0 and not self._stop.wait(interval):
            try:
                self.check_files()
            except Exception:
                log.exception("periodic integrity check failed")

    def _check_store(self) -> None:
        store = self.engine.store
        result = check_store(store.engine, store.where)
        if result.ok:
            log.info("store %s: %s ok in %.2fs", result.where, result.check, result.seconds)
            return
        problems = result.problems + [f"missing table {t}" for t in result.missing_tables]
        log.error(
            "the store %s is damaged (%s): reads of the damaged pages fail with store_corrupt; "
            "restore a snapshot or dump (`souk restore`) or run `souk doctor`",
            result.where,
            "; ".join(problems[:3]) + (" …" if len(problems) > 3 else ""),
        )

    def _warm(self) -> None:
        started = time.perf_counter()
        uids = [record.uid for record in self.engine.list_indexes()]
        for uid in uids:
            if self._stop.is_set():
                return
            began = time.perf_counter()
            try:
                self.engine.warm_up(uid)
            except Exception as exc:  # the first request for it will meet the same error
                log.warning("warm start: index %s could not be opened: %s", uid, exc)
                continue
            log.info("warm start: index %s ready in %.2fs", uid, time.perf_counter() - began)
        if uids:
            log.info(
                "warm start: %d indexes ready in %.2fs", len(uids), time.perf_counter() - started
            )

    def check_files(self) -> dict[str, list[str]]:
        """Check the open indexes' files in full and rebuild damaged ones (writer only: another
        process's files change under it, and it could not rebuild them on disk anyway)."""
        if not self.engine.runtimes.writer_lock.held:
            return {}
        found = self.engine.repair_derived()
        for uid, problems in found.items():
            log.error("periodic check: rebuilt damaged files of %s (%s)", uid, "; ".join(problems))
        return found
