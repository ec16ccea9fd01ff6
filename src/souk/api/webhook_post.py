"""One batch of finished tasks POSTed to one webhook, with a timeout and bounded retries.

The body is what Meilisearch sends: the tasks as NDJSON (one ``GET /tasks/{uid}`` object a line,
in uid order), gzip-compressed. Logs name the hook by uuid and URL (user and password removed),
never its headers: they usually carry the receiver's secret.
"""

from __future__ import annotations

import gzip
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx
import orjson

from souk.store.task_records import Task
from souk.store.webhooks import Webhook

log = logging.getLogger("souk.webhooks")

# 408 and 429 say "later"; 5xx may be a restart. Any other answer will not change on a retry.
RETRIABLE_STATUS = frozenset({408, 429})


@dataclass(frozen=True)
class TaskBatch:
    """Finished tasks ``first_uid``..``last_uid`` (``count`` of them), encoded once for all
    hooks."""

    first_uid: int
    last_uid: int
    count: int
    body: bytes


def encode_batch(tasks: Sequence[Task]) -> TaskBatch:
    """``tasks`` (in uid order, at least one) as a gzip-compressed NDJSON batch."""
    body = gzip.compress(b"".join(orjson.dumps(t.to_dict()) + b"\n" for t in tasks))
    return TaskBatch(tasks[0].uid, tasks[-1].uid, len(tasks), body)


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` POSTs at most per hook and batch, each given ``timeout`` seconds, waiting
    ``backoff`` seconds after the first failure and twice as long after each further one."""

    attempts: int = 3
    timeout: float = 5.0
    backoff: float = 0.5

    def delay(self, failed_attempt: int) -> float:
        return self.backoff * 2.0 ** (failed_attempt - 1)


def log_url(url: str) -> str:
    """``url`` without a ``user:password@`` part, fit for a log line."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid url>"
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="…@" + parts.netloc.rsplit("@", 1)[1]))


def _post_once(
    client: httpx.Client, hook: Webhook, batch: TaskBatch, timeout: float
) -> tuple[bool, bool, str]:
    """(delivered, worth retrying, why not)."""
    headers = {"Content-Type": "application/x-ndjson", "Content-Encoding": "gzip", **hook.headers}
    try:
        response = client.post(hook.url, content=batch.body, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:  # refused, reset, timed out, …: the endpoint may come back
        return False, True, f"{type(exc).__name__}: {exc}"
    if response.is_success:
        return True, False, ""
    status = response.status_code
    return False, status >= 500 or status in RETRIABLE_STATUS, f"HTTP {status}"


def post_batch(
    client: httpx.Client,
    hook: Webhook,
    batch: TaskBatch,
    policy: RetryPolicy,
    *,
    halt: threading.Event,
    time_left: Callable[[], float],
) -> bool:
    """POST ``batch`` to ``hook``, retrying as ``policy`` allows; whether it was delivered.

    ``halt`` (set when the server stops) ends the retries; ``time_left`` bounds each attempt's
    timeout, so a stopping server waits no longer than its grace period.
    """
    for attempt in range(1, policy.attempts + 1):
        timeout = min(policy.timeout, time_left())
        if timeout <= 0:
            break
        delivered, retriable, reason = _post_once(client, hook, batch, timeout)
        if delivered:
            return True
        if not retriable or attempt == policy.attempts:
            log.warning(
                "webhook %s (%s): tasks %d-%d not delivered after %d attempt(s): %s",
                hook.uuid,
                log_url(hook.url),
                batch.first_uid,
                batch.last_uid,
                attempt,
                reason,
            )
            return False
        delay = policy.delay(attempt)
        log.info(
            "webhook %s (%s): attempt %d/%d failed (%s); retrying in %.1fs",
            hook.uuid,
            log_url(hook.url),
            attempt,
            policy.attempts,
            reason,
            delay,
        )
        if halt.wait(delay):
            break
    log.warning(
        "webhook %s (%s): tasks %d-%d not delivered: the server is stopping",
        hook.uuid,
        log_url(hook.url),
        batch.first_uid,
        batch.last_uid,
    )
    return False
