"""``souk doctor``: check an installation, say what is wrong, and rebuild what can be rebuilt.

:func:`diagnose` needs no :class:`~souk.engine.Engine` (the store may be too damaged to open
one): it checks the store (SQLite's ``integrity_check``; a connection and the tables on
PostgreSQL), the free disk space, and each index's derived files against their checksums and
their contents against the store (:mod:`souk.runtime.health`). :func:`repair` rebuilds every
broken index from the store with a ``reindex`` task, applied here when no server holds the
data directory, or by the server's worker when one does; a damaged store is not repaired here
(restore a snapshot or dump: the derived indexes are rebuilt from it).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from souk.config import Settings
from souk.engine.engine import Engine
from souk.errors import SoukError
from souk.runtime.checksums import FileHasher
from souk.runtime.health import Finding, IndexHealth, disk_space, inspect_index, orphan_directories
from souk.store.integrity import (
    StoreCheck,
    StoreCorrupt,
    check_store,
    sqlite_header_problem,
    store_location,
)
from souk.store.store import Store


@dataclass
class Diagnosis:
    """Everything :func:`diagnose` found."""

    data_dir: Path
    store: StoreCheck
    disk: Finding
    disk_figures: dict[str, int]
    indexes: list[IndexHealth] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def healthy(self) -> bool:
        return (
            self.store.ok
            and self.disk.level != "warning"
            and not self.orphans
            and all(not i.broken for i in self.indexes)
        )

    def repairs(self) -> list[str]:
        """What :func:`repair` would do, in words."""
        if not self.store.ok:
            return []
        planned = [
            f"rebuild the derived indexes of {i.uid} from the store (a reindex task)"
            for i in self.indexes
            if i.broken
        ]
        planned += [f"remove {p}, which belongs to no index" for p in self.orphans]
        return planned

    def advice(self) -> list[str]:
        """What only an operator can do."""
        out: list[str] = []
        unreachable = self.store.backend != "sqlite" and self.store.check in ("open", "connect")
        if not self.store.ok and unreachable:
            out.append(
                f"the store {self.store.where} cannot be used: check SOUK_DATABASE_URL and the "
                "server; if the server reports damaged data, restore a dump (`souk restore`)"
            )
        elif not self.store.ok:
            out.append(
                f"the store {self.store.where} is damaged and cannot be repaired in place: "
                "restore a snapshot or dump of it (`souk restore`); the derived indexes are "
                "rebuilt from it"
            )
        if self.disk.level == "warning":
            out.append(f"free some disk space: {self.disk.detail}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "dataDir": str(self.data_dir),
            "store": self.store.to_dict(),
            "disk": {**self.disk.to_dict(), **self.disk_figures},
            "indexes": [i.to_dict() for i in self.indexes],
            "orphans": [str(p) for p in self.orphans],
            "repairs": self.repairs(),
            "advice": self.advice(),
            "seconds": round(self.seconds, 3),
        }


def diagnose(config: Settings) -> Diagnosis:
    """Check the installation at ``config`` (read-only; safe beside a running server)."""
    started = time.perf_counter()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    url = config.sqlalchemy_url
    where = store_location(url)
    disk, figures = disk_space(config)
    header = sqlite_header_problem(where) if url.startswith("sqlite") else None
    if header is not None:
        store_check = StoreCheck(where, "sqlite", "header", problems=[header])
        return Diagnosis(config.data_dir, store_check, disk, figures, seconds=_since(started))
    try:
        store = Store(url)
    except Exception as exc:  # damaged, or (PostgreSQL) unreachable or refused
        reason = exc.reason if isinstance(exc, StoreCorrupt) else str(exc).splitlines()[0]
        backend = "sqlite" if url.startswith("sqlite") else "postgresql"
        store_check = StoreCheck(where, backend, "open", problems=[reason])
        return Diagnosis(config.data_dir, store_check, disk, figures, seconds=_since(started))
    try:
        diagnosis = Diagnosis(
            config.data_dir, check_store(store.engine, where, full=True), disk, figures
        )
        if not diagnosis.store.problems:  # reading a damaged store would only fail again
            hasher = FileHasher()
            records = store.list_indexes()
            for record in records:
                try:
                    diagnosis.indexes.append(inspect_index(config, store, record, hasher))
                except StoreCorrupt as exc:  # a damaged page the check did not reach
                    diagnosis.store.problems.append(exc.reason)
                    break
            diagnosis.orphans = orphan_directories(config, {r.uid for r in records})
    finally:
        store.close()
    diagnosis.seconds = _since(started)
    return diagnosis


@dataclass
class Repair:
    """One repair :func:`repair` made (or tried)."""

    action: str
    ok: bool
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "ok": self.ok, "detail": self.detail}


def repair(config: Settings, diagnosis: Diagnosis, *, timeout: float = 3600.0) -> list[Repair]:
    """Rebuild every broken index from the store and remove orphan directories.

    Nothing is done when the store itself is damaged. Orphan directories are removed only when
    no server holds the data directory (this process takes the writer lock).
    """
    if not diagnosis.store.ok:
        return []
    done: list[Repair] = []
    with Engine(config) as engine:
        for health in diagnosis.indexes:
            if not health.broken:
                continue
            action = f"rebuild {health.uid} from the store"
            try:
                task = engine.wait_for_task(engine.reindex(health.uid).uid, timeout=timeout)
            except SoukError as exc:
                done.append(Repair(action, False, exc.message))
                continue
            failed = task.error["message"] if task.error else ""
            detail = failed or f"task {task.uid} {task.status.value}"
            done.append(Repair(action, task.error is None, detail))
        if diagnosis.orphans and engine.runtimes.writer_lock.acquire():
            for path in diagnosis.orphans:
                shutil.rmtree(path, ignore_errors=True)
                done.append(Repair(f"remove {path}", not path.exists()))
        elif diagnosis.orphans:
            for path in diagnosis.orphans:
                detail = "a server holds the data directory: remove it once the server stops"
                done.append(Repair(f"remove {path}", False, detail))
    return done


def _since(started: float) -> float:
    return time.perf_counter() - started
