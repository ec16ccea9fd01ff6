"""What a task handler is given: the task, the store, the open indexes and how to report."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from souk.config import Settings
from souk.runtime.registry import RuntimeRegistry
from souk.store.settings import default_settings
from souk.store.store import Store
from souk.store.task_records import METADATA_KEY, Task, TaskStatus

#: ``(task, stage, done, total)``: how far a long task is (ingest, embedding, training).
TaskProgress = Callable[[Task, str, int, int], None]

#: ``(stage, done, total)``: the same for code that knows nothing of tasks.
StageProgress = Callable[[str, int, int], None]


@dataclass
class TaskContext:
    """One task being applied. A handler raises to fail the task (the worker records it); to
    succeed it writes its changes and :meth:`succeed` in one store transaction."""

    task: Task
    store: Store
    runtimes: RuntimeRegistry
    config: Settings
    progress: TaskProgress | None = None
    metadata: Any = None  # the caller's ``customMetadata``, put back on the finished task

    @property
    def index_uid(self) -> str:
        return str(self.task.index_uid)

    def defaults(self) -> dict[str, Any]:
        """Settings of an index this server creates."""
        return default_settings(self.config.default_embedder)

    def succeed(self, conn: Connection, details: Mapping[str, Any]) -> None:
        self.store.finish_task(
            conn, self.task.uid, TaskStatus.SUCCEEDED, self.with_metadata(details)
        )

    def with_metadata(self, details: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(details)
        if self.metadata is not None:
            out[METADATA_KEY] = self.metadata
        return out

    def report(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(self.task, stage, done, total)

    def stage_progress(self) -> StageProgress | None:
        """:meth:`report` for code that takes ``(stage, done, total)``, or None."""
        return None if self.progress is None else self.report


#: A task handler: applies one task type.
TaskHandler = Callable[[TaskContext], None]
