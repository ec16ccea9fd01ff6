"""``taskCancelation``: cancel the enqueued tasks matching a filter."""

from __future__ import annotations

from souk.store.task_filter import parse_task_filter, query_tasks
from souk.tasks.context import TaskContext


def task_cancelation(ctx: TaskContext) -> None:
    """Cancel the still-enqueued tasks matching the filter that were enqueued before this one
    (the worker runs cancelations first, so they have not started; a task already started
    runs to its end)."""
    payload = ctx.store.task_payload(ctx.task.uid) or {}
    flt = parse_task_filter(payload.get("params", {}))
    matched = [t.uid for t in query_tasks(ctx.store, flt, limit=None) if t.uid < ctx.task.uid]
    with ctx.store.transaction() as conn:
        canceled = ctx.store.cancel_enqueued(conn, matched, ctx.task.uid)
        ctx.succeed(conn, {**ctx.task.details, "canceledTasks": canceled})
