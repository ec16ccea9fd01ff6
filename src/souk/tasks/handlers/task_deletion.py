"""``taskDeletion``: delete finished tasks matching a filter."""

from __future__ import annotations

from souk.store.task_filter import parse_task_filter, query_tasks
from souk.tasks.context import TaskContext


def task_deletion(ctx: TaskContext) -> None:
    """Delete the finished tasks matching the filter (enqueued before this one)."""
    payload = ctx.store.task_payload(ctx.task.uid) or {}
    flt = parse_task_filter(payload.get("params", {}))
    matched = [t.uid for t in query_tasks(ctx.store, flt, limit=None) if t.uid < ctx.task.uid]
    with ctx.store.transaction() as conn:
        deleted = ctx.store.delete_finished_tasks(conn, matched)
        ctx.succeed(
            conn, {**ctx.task.details, "matchedTasks": len(matched), "deletedTasks": deleted}
        )
