"""Routes batches of finished tasks to one delivery lane per webhook, and stops them all.

The task worker calls ``sync`` and ``submit``; both only touch memory, so a webhook can never
hold up a task. Lanes are made when a hook first has something to deliver and retired when the
hook is deleted (what it still had queued is dropped: nobody asked for it any more).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from souk.api.webhook_lane import HookLane
from souk.api.webhook_post import RetryPolicy, TaskBatch
from souk.store.webhooks import Webhook

log = logging.getLogger("souk.webhooks")

QUEUE_BATCHES = 128  # per hook; at most 1,000 tasks a batch
STOP_GRACE_SECONDS = 2.0


class WebhookDispatcher:
    def __init__(self, policy: RetryPolicy | None = None, capacity: int = QUEUE_BATCHES) -> None:
        self.policy = policy or RetryPolicy()
        self.capacity = capacity
        self._lanes: dict[str, HookLane] = {}
        self._retired: list[HookLane] = []
        self._lock = threading.Lock()
        self._stopped = False

    def lanes(self) -> dict[str, HookLane]:
        with self._lock:
            return dict(self._lanes)

    def sync(self, hooks: Sequence[Webhook]) -> None:
        """Make the lanes match ``hooks`` (as just read from the store): new hooks get a lane,
        edited ones deliver with their new URL and headers, deleted ones stop."""
        with self._lock:
            if self._stopped:
                return
            wanted = {hook.uuid: hook for hook in hooks}
            now = time.monotonic()
            for uuid in [u for u in self._lanes if u not in wanted]:
                lane = self._lanes.pop(uuid)
                lane.close(now)
                self._retired.append(lane)
            self._retired = [lane for lane in self._retired if lane.alive]
            for hook in hooks:
                if hook.uuid in self._lanes:
                    self._lanes[hook.uuid].hook = hook
                else:
                    lane = self._lanes[hook.uuid] = HookLane(hook, self.policy, self.capacity)
                    lane.start()

    def submit(self, batch: TaskBatch) -> None:
        """Queue ``batch`` for every hook of the last ``sync``; never blocks."""
        with self._lock:
            if self._stopped:
                log.debug(
                    "webhook delivery stopped: tasks %d-%d not sent",
                    batch.first_uid,
                    batch.last_uid,
                )
                return
            for lane in self._lanes.values():
                lane.submit(batch)

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Stop every lane: what is queued gets one attempt each for ``grace`` seconds, then
        is dropped. Returns within about ``grace`` seconds whatever the endpoints do (a POST
        still in flight then ends with its own timeout, on a daemon thread)."""
        with self._lock:
            self._stopped = True
            lanes = [*self._lanes.values(), *self._retired]
            self._lanes.clear()
            self._retired.clear()
        deadline = time.monotonic() + grace
        for lane in lanes:
            lane.close(deadline)
        for lane in lanes:
            lane.join(max(0.0, deadline - time.monotonic()) + 0.1)
        busy = [lane.hook for lane in lanes if lane.alive]
        for hook in busy:
            log.warning("webhook %s: still sending after %.1fs; left running", hook.uuid, grace)
