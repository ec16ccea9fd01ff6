"""One webhook's delivery lane: a bounded queue of batches and the daemon thread that POSTs them.

Each hook has its own lane, so an endpoint that hangs or fails only delays its own
notifications, never the task worker nor the other hooks. A lane keeps the newest ``capacity``
batches: when its endpoint falls that far behind, the oldest batch is dropped (with a warning)
rather than letting memory grow. Batches are the same objects in every lane, so all lanes
together hold at most the newest ``capacity`` batches.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque

import httpx

from souk.api.webhook_post import RetryPolicy, TaskBatch, log_url, post_batch
from souk.store.webhooks import Webhook

log = logging.getLogger("souk.webhooks")

DROP_LOG_SECONDS = 10.0  # a hook that stays down logs its drops at most this often


class HookLane:
    def __init__(self, hook: Webhook, policy: RetryPolicy, capacity: int) -> None:
        self.hook = hook  # replaced when the hook is edited: the next POST uses the new one
        self.policy = policy
        self.capacity = capacity
        self.delivered = 0  # batches, for tests and diagnostics
        self.failed = 0
        self.dropped = 0
        self._queue: deque[TaskBatch] = deque()
        self._ready = threading.Condition()
        self._closing = False
        self._deadline = math.inf  # when closing: give up on what is left at this time
        self._halt = threading.Event()  # set when closing: no more retries
        self._drops_unlogged = 0
        self._last_drop_log = -math.inf
        self._thread = threading.Thread(
            target=self._run, name=f"souk-webhook-{hook.uuid[:8]}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def pending(self) -> int:
        with self._ready:
            return len(self._queue)

    def submit(self, batch: TaskBatch) -> None:
        """Queue ``batch``; never blocks (a full queue loses its oldest batch)."""
        with self._ready:
            if self._closing:
                return
            if len(self._queue) >= self.capacity:
                self._drop(self._queue.popleft())
            self._queue.append(batch)
            self._ready.notify()

    def close(self, deadline: float) -> None:
        """Stop taking batches; deliver what is queued (one attempt each) until ``deadline``
        (``time.monotonic()``), then drop the rest and end the thread."""
        with self._ready:
            self._closing = True
            self._deadline = deadline
            self._ready.notify()
        self._halt.set()

    def join(self, timeout: float) -> None:
        if self._thread.ident is not None:
            self._thread.join(timeout)

    def _time_left(self) -> float:
        return self._deadline - time.monotonic()

    def _drop(self, batch: TaskBatch) -> None:
        """Count a batch lost to a full queue; warn at once, then at most every
        ``DROP_LOG_SECONDS`` while the endpoint stays behind."""
        self.dropped += 1
        self._drops_unlogged += 1
        now = time.monotonic()
        if now - self._last_drop_log >= DROP_LOG_SECONDS:
            log.warning(
                "webhook %s (%s): delivery queue full (%d batches); dropped %d batch(es), "
                "the latest with tasks %d-%d",
                self.hook.uuid,
                log_url(self.hook.url),
                self.capacity,
                self._drops_unlogged,
                batch.first_uid,
                batch.last_uid,
            )
            self._drops_unlogged = 0
            self._last_drop_log = now

    def _next(self) -> TaskBatch | None:
        """The oldest queued batch, waiting for one; ``None`` once closed and done."""
        with self._ready:
            while not self._queue and not self._closing:
                self._ready.wait()
            if not self._queue:
                return None
            if self._time_left() <= 0:
                log.warning(
                    "webhook %s (%s): %d batch(es) not delivered: the server stopped",
                    self.hook.uuid,
                    log_url(self.hook.url),
                    len(self._queue),
                )
                self._queue.clear()
                return None
            return self._queue.popleft()

    def _run(self) -> None:
        with httpx.Client() as client:
            while (batch := self._next()) is not None:
                try:
                    ok = post_batch(
                        client,
                        self.hook,
                        batch,
                        self.policy,
                        halt=self._halt,
                        time_left=self._time_left,
                    )
                except Exception:  # a bug here must not end the lane for good
                    log.exception("webhook %s: delivery failed", self.hook.uuid)
                    ok = False
                if ok:
                    self.delivered += 1
                else:
                    self.failed += 1
