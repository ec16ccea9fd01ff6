"""The runtime registry: every index's derived structures, opened once and shared."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from souk.config import Settings
from souk.errors import index_not_found
from souk.retrieval.embedders import Embedder
from souk.runtime.checkpoint import Checkpoint
from souk.runtime.derived import (
    checkpoint_path,
    embedder_fingerprint,
    index_dir,
    open_embedders,
    open_runtime,
    remove_index_files,
)
from souk.runtime.index_runtime import IndexRuntime
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
    """

    def __init__(self, config: Settings, store: Store) -> None:
        self.config = config
        self.store = store
        self.writer_lock = WriterLock(config.data_dir / "worker.lock")
        self._runtimes: dict[str, IndexRuntime] = {}
        self._embedders: dict[str, Embedder] = {}
        # guards the open runtimes and the embedder cache (short holds)
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            for uid in list(self._runtimes):
                self.drop(uid)
            self.writer_lock.release()

    def is_open(self, uid: str) -> bool:
        return uid in self._runtimes

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
        with self._lock:
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
        with self._lock:
            runtime = self._runtimes.get(uid)
            if runtime is not None and (
                runtime.writable or runtime.checkpoint_stamp == self._stamp(uid)
            ):
                return runtime
            if runtime is not None:  # another process (the writer) changed the index
                self.drop(uid)
            record = self.store.get_index(uid)
            if record is None:
                raise index_not_found(uid)
            writable = self.writer_lock.acquire()
            stamp = self._stamp(uid)
            runtime = open_runtime(
                self.config,
                self.store,
                record,
                embedders=self.embedders_for(record.settings),
                writable=writable,
                progress=progress,
            )
            runtime.writable = writable
            runtime.checkpoint_stamp = stamp
            self._runtimes[uid] = runtime
            return runtime

    def _stamp(self, uid: str) -> int:
        """When the writer last moved this index's checkpoint (readers reopen after it)."""
        try:
            return checkpoint_path(self.config, uid).stat().st_mtime_ns
        except OSError:
            return 0

    def drop(self, uid: str, *, remove_files: bool = False) -> None:
        """Close ``uid``'s runtime, discarding uncommitted changes (and its files if asked)."""
        with self._lock:
            runtime = self._runtimes.pop(uid, None)
            if runtime is not None:
                runtime.lexical.rollback()
            if remove_files:
                remove_index_files(self.config, uid)

    def swap_files(self, a: str, b: str) -> None:
        """Swap the derived-index directories of two indexes (after the store swapped)."""
        with self._lock:
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
        with self._lock:
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
