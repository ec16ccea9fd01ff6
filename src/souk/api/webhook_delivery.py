"""Delivering finished tasks to webhooks, as Meilisearch does: gzip-compressed NDJSON POSTs."""

from __future__ import annotations

import gzip
import logging

import httpx
import orjson

from souk.store.store import Store
from souk.store.webhooks import WebhookStore

log = logging.getLogger("souk.webhooks")

TIMEOUT_SECONDS = 5.0


class WebhookNotifier:
    """Remembers the last task it reported; each call sends the tasks finished since."""

    def __init__(self, store: Store, hooks: WebhookStore) -> None:
        self.store = store
        self.hooks = hooks
        newest = store.list_tasks(limit=1)
        self.last_uid = newest[0].uid if newest else 0

    def deliver(self) -> int:
        finished = [
            t
            for t in self.store.list_tasks(from_uid=self.last_uid + 1, reverse=True, limit=1000)
            if t.status.finished
        ]
        if not finished:
            return 0
        # stop at the first unfinished task so none is skipped
        pending = [
            t.uid
            for t in self.store.list_tasks(
                from_uid=self.last_uid + 1,
                reverse=True,
                statuses=["enqueued", "processing"],
                limit=1,
            )
        ]
        if pending:
            finished = [t for t in finished if t.uid < pending[0]]
        if not finished:
            return 0
        hooks = self.hooks.list()
        if hooks:
            body = gzip.compress(b"".join(orjson.dumps(t.to_dict()) + b"\n" for t in finished))
            for hook in hooks:
                headers = {
                    "Content-Type": "application/x-ndjson",
                    "Content-Encoding": "gzip",
                    **hook.headers,
                }
                try:
                    httpx.post(hook.url, content=body, headers=headers, timeout=TIMEOUT_SECONDS)
                except httpx.HTTPError as exc:
                    log.warning("webhook %s (%s) failed: %s", hook.uuid, hook.url, exc)
        self.last_uid = finished[-1].uid
        return len(finished)
