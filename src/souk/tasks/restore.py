"""Restoring a dump or a snapshot into a data directory (``souk restore``, ``--import-dump``).

The order is what makes a failed restore change nothing: the file's ``metadata.json`` is checked
before the store is opened; the rows are loaded in one transaction (a bad row, a damaged file or
a count that does not match rolls it back); only after the commit are the backup's files (trained
models) moved into place and the derived indexes, which described the old store, removed and
rebuilt from the new one. Embeddings are rows of the store, so the rebuild embeds nothing.

It runs with the data directory's writer lock held, so no task worker (a running ``souk serve``)
writes the store meanwhile.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from souk.config import Settings
from souk.errors import Code, SoukError
from souk.runtime.derived import index_dir
from souk.runtime.registry import RuntimeRegistry
from souk.store.backup import DATA_DIRECTORIES, Kind, load_backup, read_metadata
from souk.store.backup.format import invalid_backup
from souk.store.store import Store

log = logging.getLogger("souk.backup")

Progress = Callable[[str, int, int], None]


def restore_backup(
    config: Settings,
    source: Path,
    *,
    force: bool = False,
    expect: Kind | None = None,
    rebuild: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Load ``source`` (a ``.dump`` or ``.snapshot``) into the configured store.

    The store must be empty (API keys aside: a server creates its default keys at start) unless
    ``force``, which replaces everything. ``expect`` refuses a file of the other kind (``serve
    --import-dump`` given a snapshot). ``rebuild`` opens every index once, so its lexical and
    vector indexes are built before anyone searches. Returns a summary (rows, files, seconds).
    """
    started = time.perf_counter()
    metadata = read_metadata(source)  # a wrong file is refused before anything is opened
    if expect is not None and metadata.kind is not expect:
        raise invalid_backup(source, f"it is a {metadata.kind.value}, not a {expect.value}")
    config.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(config.sqlalchemy_url)
    runtimes = RuntimeRegistry(config, store)
    try:
        if not runtimes.writer_lock.acquire():
            raise SoukError(
                f"Another souk process (a running `souk serve`?) is writing `{config.data_dir}`. "
                "Stop it before restoring.",
                Code.DATA_DIR_IN_USE,
            )
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=config.data_dir))
        try:
            result = load_backup(store, source, staging=staging, replace=force, progress=progress)
            _install_files(config.data_dir, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        # every derived index described the store as it was: rebuild them from the new one
        shutil.rmtree(index_dir(config, "_").parent, ignore_errors=True)
        rebuilt = _rebuild(runtimes, store, progress) if rebuild else 0
    finally:
        runtimes.close()
        store.close()
    summary = {
        **result.summary(),
        "file": str(source),
        "indexesRebuilt": rebuilt,
        "loadSeconds": round(result.seconds, 3),
        "seconds": round(time.perf_counter() - started, 3),
    }
    log.info(
        "restore of %s finished in %.2fs (load %.2fs, %d indexes rebuilt)",
        source,
        summary["seconds"],
        result.seconds,
        rebuilt,
    )
    return summary


def _install_files(data_dir: Path, staging: Path) -> None:
    """Replace each kept directory (trained models) with the backup's (or none)."""
    for name in DATA_DIRECTORIES:
        target = data_dir / name
        staged = staging / name
        old = data_dir / f".{name}.replaced"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        if staged.exists():
            staged.rename(target)
        shutil.rmtree(old, ignore_errors=True)


def _rebuild(runtimes: RuntimeRegistry, store: Store, progress: Progress | None) -> int:
    records = store.list_indexes()
    for record in records:
        started = time.perf_counter()
        runtimes.runtime(record.uid, _prefixed(progress, record.uid))
        log.info("rebuilt the indexes of %s in %.2fs", record.uid, time.perf_counter() - started)
    return len(records)


def _prefixed(progress: Progress | None, uid: str) -> Progress | None:
    if progress is None:
        return None
    report = progress

    def stage(name: str, done: int, total: int) -> None:
        report(f"{name} {uid}", done, total)

    return stage
