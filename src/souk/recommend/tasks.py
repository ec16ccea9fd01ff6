"""The ``recommendationsTraining`` task, registered on the worker by the engine at start."""

from __future__ import annotations

from souk.errors import index_not_found
from souk.recommend.training import train_index
from souk.store.task_records import TaskType
from souk.tasks.context import TaskContext
from souk.tasks.worker import TaskWorker


def recommendations_training(ctx: TaskContext) -> None:
    """Fit the index's recommenders; the store is untouched, the model file is replaced."""
    uid = ctx.index_uid
    if ctx.store.get_index(uid) is None:
        raise index_not_found(uid)
    model = train_index(
        ctx.store,
        ctx.config,
        uid,
        ctx.stage_progress(),
        incremental=bool(ctx.task.details.get("incremental")),
    )
    with ctx.store.transaction() as conn:
        ctx.succeed(conn, model.summary())


def register(worker: TaskWorker) -> None:
    """Let ``worker`` apply recommendation training tasks."""
    worker.register(TaskType.RECOMMENDATIONS_TRAINING, recommendations_training)
