"""The runtime registry: every index's derived structures, opened once and shared."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from souk.config import Settings
from souk.errors import index_not_found
from souk.retrieval.embedders import Embedder
from souk.retrieval.tantivy_index import LexicalIndexCorrupt
from souk.runtime.checkpoint import Checkpoint
from souk.runtime.checksums import FileHasher
from souk.runtime.derived import (
    checkpoint_path,
    embedder_fingerprint,
    index_dir,
    open_embedders,
    open_runtime,
    remove_index_files,
)
from souk.runtime.index_runtime import IndexRuntime
from souk.runtime.integrity import FileCheck, check_files, record_lexical, verify_lexical
from souk.runtime.writer_lock import WriterLock
from souk.store.store import Store

log = logging.getLogger("souk.runtime")

Progress = Callable[[str, int, int], None]


class RuntimeRegistry:
    """Owns the open :class:`IndexRuntime` of each index and the loaded embedding models.

    It opens an index's derived indexes on first use (catching them up from the store), hands
    the same runtime to searches and to the task worker, commits them after a task and moves
    their checkpoint, and renames or removes their files when indexes are renamed, swapped or
    deleted. It holds the data directory's :class:`WriterLock`: the process that holds it opens
    runtimes writable; any other reopens a runtime when the writer's checkpoint moves.

    It never changes the store (the worker does) and never decides what a task means.

    Before opening an index it checks the lexical index's files against the checksums recorded
    at its last commit (``verify_on_open``) and rebuilds it from the store if they differ; the
    writer records them again after every commit (see :mod:`souk.runtime.integrity`).

    Locks: each index has its own opening lock, so opening (or rebuilding) one index does not
    hold up searches of the others, and a caller asking for an index that another thread is
    opening (the server's warm-up and a first request, say) waits for it and shares the
    result. Dropping, renaming and swapping take the same per-index locks, so files never move
    under an open in progress. ``_lock`` guards the dictionaries only (short holds), and the
    embedding models have their own lock, held while one loads.
    """

    def __init__(self, config: Settings, store: Store) -> None:
        self.config = config
        self.store = store
        self.writer_lock = WriterLock(config.data_dir / "worker.lock")
        self.hasher = FileHasher()
        # what recording checksums after commits has cost so far (for `souk.bench.integrity`)
        self.checksum_records = 0
        self.checksum_seconds = 0.0
        self._runtimes: dict[str, IndexRuntime] = {}
        self._embedders: dict[str, Embedder] = {}
        self._opening_locks: dict[str, threading.RLock] = {}
        # guards the dictionaries above (short holds); taken after an index's opening lock
        self._lock = threading.RLock()
        self._models_lock = threading.RLock()

    def close(self) -> None:
        for uid in list(self._runtimes):
            self.drop(uid)
        self.writer_lock.release()

    def _opening(self, uid: str) -> threading.RLock:
        """The lock held while ``uid``'s runtime is opened, dropped or its files moved."""
        with self._lock:
            return self._opening_locks.setdefault(uid, threading.RLock())

    def is_open(self, uid: str) -> bool:
        return uid in self._runtimes

    def open_uids(self) -> list[str]:
        """The indexes whose runtime is open now."""
        return list(self._runtimes)

    def opened(self, uid: str) -> IndexRuntime | None:
        """The runtime of ``uid`` if it is open already (never opens one)."""
        return self._runtimes.get(uid)

    def forget_all(self) -> None:
        """Forget every open runtime without committing it (what a crash would leave)."""
        with self._lock:
            self._runtimes.clear()

    def embedders_for(self, settings: Mapping[str, Any]) -> dict[str, Embedder]:
        """The embedders an index's settings name, one loaded model per distinct config."""
        out: dict[str, Embedder] = {}
        with self._models_lock:
            for name, conf in (settings.get("embedders") or {}).items():
                key = embedder_fingerprint(conf)
                if key not in self._embedders:
                    self._embedders[key] = open_embedders(self.config, {"embedders": {name: conf}})[
                        name
                    ]
                out[name] = self._embedders[key]
        return out

    def runtime(self, uid: str, progress: Progress | None = None) -> IndexRuntime:
        """The open runtime of ``uid``, opened (and caught up) if needed; 404 if no index."""
        runtime = self._runtimes.get(uid)
        if runtime is not None and self._current(uid, runtime):
            return runtime
        with self._opening(uid):
            runtime = self._runtimes.get(uid)  # opened by another thread while this one waited
            if runtime is not None and self._current(uid, runtime):
                return runtime
            if runtime is not None:  # another process (the writer) changed the index
                self.drop(uid)
            return self._open(uid, progress)

    def _current(self, uid: str, runtime: IndexRuntime) -> bool:
        return runtime.writable or runtime.checkpoint_stamp == self._stamp(uid)

    def _open(
        self, uid: str, progress: Progress | None, damaged: set[str] | None = None
    ) -> IndexRuntime:
        """Open ``uid``'s runtime (the caller holds its opening lock).

        ``damaged`` names the parts already found damaged; None checks the lexical index's
        files first, as ``verify_on_open`` says.
        """
        record = self.store.get_index(uid)
        if record is None:
            raise index_not_found(uid)
        writable = self.writer_lock.acquire()
        stamp = self._stamp(uid)
        if damaged is None:
            damaged = self._check_before_open(uid)
        runtime = open_runtime(
            self.config,
            self.store,
            record,
            embedders=self.embedders_for(record.settings),
            writable=writable,
            progress=progress,
            damaged=damaged,
        )
        runtime.writable = writable
        runtime.checkpoint_stamp = stamp
        if writable:
            self._record_checksums(uid)
        with self._lock:
            self._runtimes[uid] = runtime
        return runtime

    def _check_before_open(self, uid: str) -> set[str]:
        mode = self.config.verify_on_open
        if mode == "off":
            return set()
        check = verify_lexical(index_dir(self.config, uid), self.hasher, full=mode == "full")
        if check.ok:
            log.debug(
                "lexical index of %s matches its checksums (%s: %d files, %.1f MB in %.3fs)",
                uid,
                mode,
                check.files,
                check.bytes / 1e6,
                check.seconds,
            )
            return set()
        log.warning(
            "lexical index of %s does not match the checksums of its last commit (%s): "
            "rebuilding it from the store",
            uid,
            "; ".join(check.problems[:3]) + (" …" if len(check.problems) > 3 else ""),
        )
        return {"lexical"}

    def _record_checksums(self, uid: str) -> None:
        """Record the lexical index's checksums as committed now (never fails a commit)."""
        started = time.perf_counter()
        try:
            record_lexical(index_dir(self.config, uid), self.hasher)
        except (OSError, LexicalIndexCorrupt) as exc:
            log.warning("could not record the checksums of %s's lexical index: %s", uid, exc)
        self.checksum_records += 1
        self.checksum_seconds += time.perf_counter() - started

    def check_files(self, uid: str, *, full: bool = True) -> list[FileCheck]:
        """Check every derived file of ``uid`` against its checksums (nothing is changed)."""
        record = self.store.get_index(uid)
        if record is None:
            raise index_not_found(uid)
        embedders = list((record.settings.get("embedders") or {}).keys())
        # a fresh hasher: damage that left a file's mtime alone must not hide behind the cache
        return check_files(index_dir(self.config, uid), embedders, FileHasher(), full=full)

    def repair(self, uid: str) -> list[FileCheck]:
        """Check ``uid``'s derived files in full and rebuild the damaged parts from the store.

        Returns the checks that failed (empty: nothing was wrong, nothing was done). The caller
        holds the task worker back (:meth:`souk.engine.Engine.repair_derived` does): a rebuild
        replaces files the worker writes.
        """
        with self._opening(uid):
            failed = [c for c in self.check_files(uid) if not c.ok]
            if not failed:
                return []
            for check in failed:
                log.warning(
                    "%s of %s does not match its checksums (%s): rebuilding from the store",
                    check.part,
                    uid,
                    "; ".join(check.problems[:3]),
                )
            self.drop(uid)
            # a damaged vector file fails its own checksums when it is loaded, and is rebuilt
            damaged = {"lexical"} if any(c.part == "lexical" for c in failed) else set()
            self._open(uid, None, damaged)
            return failed

    def _stamp(self, uid: str) -> int:
        """When the writer last moved this index's checkpoint (readers reopen after it)."""
        try:
            return checkpoint_path(self.config, uid).stat().st_mtime_ns
        except OSError:
            return 0

    def drop(self, uid: str, *, remove_files: bool = False) -> None:
        """Close ``uid``'s runtime, discarding uncommitted changes (and its files if asked)."""
        with self._opening(uid):
            with self._lock:
                runtime = self._runtimes.pop(uid, None)
            if runtime is not None:
                runtime.lexical.rollback()
            if remove_files:
                remove_index_files(self.config, uid)

    def swap_files(self, a: str, b: str) -> None:
        """Swap the derived-index directories of two indexes (after the store swapped)."""
        first, second = sorted((a, b))
        with self._opening(first), self._opening(second), self._lock:
            self.drop(a)
            self.drop(b)
            dir_a, dir_b = index_dir(self.config, a), index_dir(self.config, b)
            temporary = dir_a.with_name(dir_a.name + ".swap")
            if dir_a.exists():
                dir_a.rename(temporary)
            if dir_b.exists():
                dir_b.rename(dir_a)
            if temporary.exists():
                temporary.rename(dir_b)

    def rename_files(self, old: str, new: str) -> None:
        first, second = sorted((old, new))
        with self._opening(first), self._opening(second), self._lock:
            self.drop(old)
            self.drop(new)
            source = index_dir(self.config, old)
            if source.exists():
                source.rename(index_dir(self.config, new))

    def commit(self, uid: str, task_uid: int) -> None:
        """Commit the derived indexes after a task and move their checkpoint to it.

        Once every derived index's checkpoint has passed a tombstone, nothing needs it to catch
        up any more, so tombstones up to the oldest checkpoint are pruned.
        """
        runtime = self._runtimes.get(uid)
        if runtime is None:
            return
        runtime.lexical.commit()
        self._record_checksums(uid)
        path = checkpoint_path(self.config, uid)
        ckpt = Checkpoint.load(path)
        ckpt.lexical_task = task_uid
        ckpt.lexical_layout = runtime.layout.fingerprint()
        # Vector files are rewritten whole, so they are saved when the queue drains rather than
        # after every task; until then their checkpoint stays behind and a reopen catches up
        # from the embeddings kept in the store.
        if not self.store.next_enqueued(1):
            for name, vectors in runtime.vectors.items():
                vectors.save()
                ckpt.vector_task[name] = task_uid
        ckpt.save(path)
        passed = min([ckpt.lexical_task, *ckpt.vector_task.values()])
        if passed > runtime.pruned_up_to:
            self.store.prune_tombstones(uid, passed)
            runtime.pruned_up_to = passed
