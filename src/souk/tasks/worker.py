"""The task worker: the one writer that applies enqueued tasks in order.

Each task runs in two phases. First everything that can fail (parsing, validation, embedding)
is computed without touching the store; then one store transaction writes the documents and the
``succeeded`` status together. Only after that are the derived indexes updated and their
checkpoint moved. A crash anywhere leaves either the old state (the task is re-run, since a
``processing`` task is put back in the queue at start) or a committed task that the derived
indexes catch up with when opened.
"""

from __future__ import annotations

import logging
import time

from souk.config import Settings
from souk.errors import SoukError, SoukException
from souk.runtime.registry import RuntimeRegistry
from souk.store.store import Store
from souk.store.task_records import METADATA_KEY, Task, TaskStatus, TaskType
from souk.tasks.context import TaskContext, TaskHandler, TaskProgress
from souk.tasks.handlers import CATALOG_HANDLERS

log = logging.getLogger("souk.worker")


class TaskWorker:
    """Applies enqueued tasks one at a time, in order, in the process holding the writer lock.

    It owns the order of tasks and their final status: a handler that raises fails its task
    and changes nothing; the worker itself survives any handler error. Handlers for the
    catalog's own task types (indexes, settings, documents, swaps, task deletion) are built
    in; a higher layer adds its own with :meth:`register` (recommendation training does), so
    the worker never imports the layers above it. It never searches and never serves reads.
    """

    def __init__(self, store: Store, runtimes: RuntimeRegistry, config: Settings) -> None:
        self.store = store
        self.runtimes = runtimes
        self.config = config
        self.handlers: dict[TaskType, TaskHandler] = dict(CATALOG_HANDLERS)
        self._recovered = False

    def register(self, task_type: TaskType, handler: TaskHandler) -> None:
        """Let ``handler`` apply tasks of ``task_type`` (a layer above registers its own)."""
        self.handlers[task_type] = handler

    def process_pending(
        self, progress: TaskProgress | None = None, until: int | None = None
    ) -> int:
        """Apply enqueued tasks (up to task ``until``); how many ran (0 if not the writer)."""
        if not self.runtimes.writer_lock.acquire():
            return 0
        if not self._recovered:
            requeued = self.store.requeue_interrupted()
            if requeued:
                log.warning("re-queued %d task(s) interrupted by a crash", requeued)
            self._recovered = True
        done = 0
        while True:
            pending = self.store.next_enqueued(1)
            cancelation = bool(pending) and pending[0].type == TaskType.TASK_CANCELATION
            if not pending or (until is not None and pending[0].uid > until and not cancelation):
                return done
            self.run_task(pending[0], progress)
            done += 1

    def run_task(self, task: Task, progress: TaskProgress | None = None) -> Task:
        self.store.mark_processing(task.uid)
        # handlers see the task's own details; the caller's metadata is put back when it ends
        metadata = task.details.pop(METADATA_KEY, None)
        context = TaskContext(task, self.store, self.runtimes, self.config, progress, metadata)
        started = time.perf_counter()
        try:
            handler = self.handlers.get(task.type)
            if handler is None:
                raise SoukError(f"This server cannot apply `{task.type.value}` tasks.", "internal")
            handler(context)
        except SoukError as exc:
            self._fail(context, exc)
        except SoukException as exc:
            self._fail(context, exc.to_error())
        except Exception as exc:  # a bug or I/O error: the task fails, the worker survives
            log.exception("task %d failed unexpectedly", task.uid)
            self._fail(context, SoukError(f"{type(exc).__name__}: {exc}", "internal"))
        log.info(
            "task %d (%s) finished in %.3fs",
            task.uid,
            task.type.value,
            time.perf_counter() - started,
        )
        finished = self.store.get_task(task.uid)
        assert finished is not None
        return finished

    def _fail(self, context: TaskContext, error: SoukError) -> None:
        task = context.task
        details = dict(task.details)
        if task.type == TaskType.DOCUMENT_ADDITION:
            details["indexedDocuments"] = 0
        if task.type == TaskType.DOCUMENT_DELETION:
            details["deletedDocuments"] = 0
        with self.store.transaction() as conn:
            self.store.finish_task(
                conn, task.uid, TaskStatus.FAILED, context.with_metadata(details), error.to_dict()
            )
