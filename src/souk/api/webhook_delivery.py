"""Telling webhooks about finished tasks, as Meilisearch does: gzip-compressed NDJSON POSTs.

``WebhookNotifier`` runs on the task worker's thread, between tasks: it reads the tasks finished
since its last call and hands them, as one batch, to the ``WebhookDispatcher``, whose lanes POST
them on their own threads (``webhook_lane.py``, ``webhook_post.py``). Nothing here waits on
the network, so a slow or dead endpoint never delays a task.
"""

from __future__ import annotations

from souk.api.webhook_dispatch import WebhookDispatcher
from souk.api.webhook_post import encode_batch
from souk.store.store import Store
from souk.store.task_records import TaskStatus
from souk.store.webhooks import WebhookStore

MAX_BATCH_TASKS = 1000

_FINISHED = [s.value for s in TaskStatus if s.finished]
_UNFINISHED = [s.value for s in TaskStatus if not s.finished]


class WebhookNotifier:
    """Remembers the last task it reported; each call hands on the tasks finished since."""

    def __init__(self, store: Store, hooks: WebhookStore, dispatcher: WebhookDispatcher) -> None:
        self.store = store
        self.hooks = hooks
        self.dispatcher = dispatcher
        self.last_uid = 0
        self.rebase()

    def rebase(self) -> None:
        """Start after the tasks finished so far: those were reported by whoever processed them
        (this server before a restart, or the writer this process takes over from). Tasks still
        enqueued or processing will be reported once they finish."""
        unfinished = self.store.list_tasks(reverse=True, statuses=_UNFINISHED, limit=1)
        if unfinished:
            self.last_uid = unfinished[0].uid - 1
        else:
            newest = self.store.list_tasks(limit=1)
            self.last_uid = newest[0].uid if newest else 0

    def deliver(self) -> int:
        """Queue the finished tasks after ``last_uid`` for every hook; how many tasks.

        Tasks go in uid order and none is skipped: the batch stops before the first task still
        enqueued or processing, which a later call picks up once it has finished. That task is
        looked up first, so a task finishing between the two reads cannot be jumped over.
        """
        start = self.last_uid + 1
        unfinished = self.store.list_tasks(
            from_uid=start, reverse=True, statuses=_UNFINISHED, limit=1
        )
        finished = self.store.list_tasks(
            from_uid=start, reverse=True, statuses=_FINISHED, limit=MAX_BATCH_TASKS
        )
        if unfinished:
            finished = [t for t in finished if t.uid < unfinished[0].uid]
        if not finished:
            return 0
        hooks = self.hooks.list()
        self.dispatcher.sync(hooks)
        if hooks:
            self.dispatcher.submit(encode_batch(finished))
        self.last_uid = finished[-1].uid
        return len(finished)
