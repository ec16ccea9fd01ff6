"""The soak's load: a closed loop to find the server's ceiling, an open loop to hold it below.

The open loop sends on a seeded Poisson schedule whatever the server does (a slow response does
not delay the next request), and a request's latency runs from the moment it was *scheduled*,
so time spent queued behind a slow server counts (no coordinated omission). Requests are
pre-encoded and answers checked by a byte search, not parsed: the generator must not be what
limits the run on a two-core machine.
"""

from __future__ import annotations

import queue
import random
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from souk.bench.soak_mix import Request
from souk.bench.workload import percentile

Headers = dict[str, dict[str, str]]
ERROR_SAMPLES = 20


#: seconds an idle connection is reused for: below uvicorn's keep-alive timeout (5 s), or a
#: request sent on a connection the server is closing at that moment is reset (httpx's own
#: default is also 5 s, which makes that race the client's doing, not the server's)
KEEPALIVE_S = 2.0


def client(url: str, connections: int) -> httpx.Client:
    limits = httpx.Limits(
        max_connections=connections,
        max_keepalive_connections=connections,
        keepalive_expiry=KEEPALIVE_S,
    )
    return httpx.Client(base_url=url, timeout=30.0, limits=limits)


#: a search that ran past its time budget and skipped the reranker says so (still a 200)
DEGRADED = b'"degraded":true'


def send(http: httpx.Client, request: Request, headers: Headers) -> tuple[str | None, str]:
    """Send one search; ``(None, "")`` when it answered as expected, ``(None, "degraded")``
    when it answered past its time budget, else ``(label, detail)``."""
    try:
        if request.method == "GET":
            response = http.get(request.path, params=request.params, headers=headers[request.key])
        else:
            response = http.post(request.path, content=request.body, headers=headers[request.key])
    except httpx.HTTPError as exc:
        return type(exc).__name__, str(exc)[:200]
    if response.status_code != 200:
        return f"HTTP {response.status_code}", response.text[:200]
    if request.expect not in response.content:
        return "unexpected body", response.text[:200]
    return None, "degraded" if DEGRADED in response.content else ""


@dataclass
class Bucket:
    """One time slice of a run (a minute by default)."""

    requests: int = 0
    errors: int = 0
    degraded: int = 0
    latencies: list[float] = field(default_factory=list)


class Recorder:
    """Latencies and errors, per time bucket and per kind; safe to call from any thread."""

    def __init__(self, started: float, bucket_seconds: float) -> None:
        self.started = started
        self.bucket_seconds = bucket_seconds
        self.buckets: dict[int, Bucket] = {}
        self.kinds: dict[str, Bucket] = {}
        self.error_counts: dict[str, int] = {}
        self.error_samples: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def record(
        self, kind: str, scheduled: float, finished: float, error: str | None, detail: str = ""
    ) -> None:
        latency = (finished - scheduled) * 1000
        slot = int((scheduled - self.started) // self.bucket_seconds)
        with self._lock:
            for bucket in (
                self.buckets.setdefault(slot, Bucket()),
                self.kinds.setdefault(kind, Bucket()),
            ):
                bucket.requests += 1
                bucket.latencies.append(latency)
                if error is not None:
                    bucket.errors += 1
                elif detail == "degraded":
                    bucket.degraded += 1
            if error is not None:
                self.error_counts[error] = self.error_counts.get(error, 0) + 1
                if len(self.error_samples) < ERROR_SAMPLES:
                    self.error_samples.append(
                        {
                            "at_s": round(scheduled - self.started, 2),
                            "kind": kind,
                            "error": error,
                            "detail": detail,
                        }
                    )

    @property
    def requests(self) -> int:
        return sum(b.requests for b in self.kinds.values())

    @property
    def errors(self) -> int:
        return sum(b.errors for b in self.kinds.values())

    @property
    def degraded(self) -> int:
        return sum(b.degraded for b in self.kinds.values())

    def all_latencies(self) -> list[float]:
        return [x for b in self.kinds.values() for x in b.latencies]


def latency_figures(latencies: Sequence[float]) -> dict[str, float | None]:
    """p50 / p99 / p99.9 / max in ms (None for an empty list)."""
    ordered = sorted(latencies)
    if not ordered:
        return {"p50_ms": None, "p99_ms": None, "p999_ms": None, "max_ms": None}
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(percentile(ordered, 0.99), 2),
        "p999_ms": round(percentile(ordered, 0.999), 2),
        "max_ms": round(ordered[-1], 2),
    }


def closed_loop(
    http: httpx.Client,
    mix: Sequence[Request],
    headers: Headers,
    *,
    clients: int,
    seconds: float,
    warmup: float = 2.0,
) -> dict[str, Any]:
    """``clients`` threads each sending back to back for ``seconds``: the server's ceiling.

    The same loop runs unmeasured for ``warmup`` seconds first: a fresh server's first
    searches (caches, lazily loaded tokenisers) are not its ceiling.
    """
    _hammer(http, mix, headers, clients, warmup, None)
    started = time.perf_counter()
    recorder = Recorder(started, bucket_seconds=max(seconds, 1.0))
    _hammer(http, mix, headers, clients, seconds, recorder)
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(wall, 2),
        "requests": recorder.requests,
        "errors": recorder.errors,
        "qps": round((recorder.requests - recorder.errors) / wall, 1),
        **latency_figures(recorder.all_latencies()),
    }


def _hammer(
    http: httpx.Client,
    mix: Sequence[Request],
    headers: Headers,
    clients: int,
    seconds: float,
    recorder: Recorder | None,
) -> None:
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        index = offset
        while (now := time.perf_counter()) < deadline:
            request = mix[index % len(mix)]
            index += clients
            error, detail = send(http, request, headers)
            if recorder is not None:
                recorder.record(request.kind, now, time.perf_counter(), error, detail)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class OpenLoop:
    """Searches at ``rate`` per second (Poisson arrivals) until :meth:`stop`.

    A dispatcher thread puts each request with its scheduled time on a queue; ``workers``
    threads send them. When the queue holds more than ``max_backlog`` requests the server is
    far behind: further requests are counted as ``client backlog`` errors instead of piling up.
    """

    def __init__(
        self,
        http: httpx.Client,
        mix: Sequence[Request],
        headers: Headers,
        recorder: Recorder,
        *,
        rate: float,
        workers: int,
        seed: int,
    ) -> None:
        self.http, self.mix, self.headers, self.recorder = http, mix, headers, recorder
        self.rate = rate
        self.rng = random.Random(seed)
        self.max_backlog = max(100, int(rate * 5))
        self._queue: queue.Queue[tuple[float, Request] | None] = queue.Queue()
        self._stop = threading.Event()
        self._until = float("inf")
        self._threads = [threading.Thread(target=self._dispatch, daemon=True)] + [
            threading.Thread(target=self._work, daemon=True) for _ in range(workers)
        ]

    def start(self, until: float) -> None:
        """Send until the ``perf_counter`` time ``until`` (or an earlier :meth:`stop`)."""
        self._until = until
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        dispatcher, workers = self._threads[0], self._threads[1:]
        dispatcher.join()
        for _ in workers:
            self._queue.put(None)
        for thread in workers:
            thread.join()

    def _dispatch(self) -> None:
        due = time.perf_counter()
        index = 0
        while not self._stop.is_set():
            due += self.rng.expovariate(self.rate)
            if due >= self._until:
                return
            delay = due - time.perf_counter()
            if delay > 0 and self._stop.wait(delay):
                return
            request = self.mix[index % len(self.mix)]
            index += 1
            if self._queue.qsize() > self.max_backlog:
                self.recorder.record(request.kind, due, due, "client backlog")
                continue
            self._queue.put((due, request))

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            due, request = item
            error, detail = send(self.http, request, self.headers)
            self.recorder.record(request.kind, due, time.perf_counter(), error, detail)


def paced(
    rate: float, until: float, stop: threading.Event, action: Callable[[float], None]
) -> None:
    """Call ``action(scheduled_time)`` ``rate`` times a second until the ``perf_counter`` time
    ``until`` or ``stop``; nothing is skipped: a late call is followed at once by the next."""
    due = time.perf_counter()
    while not stop.is_set():
        due += 1.0 / rate
        if due >= until:
            return
        delay = due - time.perf_counter()
        if delay > 0 and stop.wait(delay):
            return
        action(due)
