"""Webhook delivery off the task worker's thread: a hung endpoint costs tasks nothing, failures
are retried within bounds, every finished task arrives once and in order, the queue is bounded,
and stopping does not wait on a dead endpoint."""

from __future__ import annotations

import gzip
import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from souk.api.webhook_delivery import WebhookNotifier
from souk.api.webhook_dispatch import WebhookDispatcher
from souk.api.webhook_lane import HookLane
from souk.api.webhook_post import RetryPolicy, TaskBatch, log_url
from souk.api.worker_thread import BackgroundWorker
from souk.engine import Engine
from souk.store.webhooks import Webhook, WebhookStore
from tests.conftest import make_settings
from tests.support.webhook_receiver import hung_endpoint, receiver

SECRET = "Bearer a-secret-token-nobody-may-log"
FAST = RetryPolicy(attempts=3, timeout=2.0, backoff=0.01)


class Stack:
    """The server's delivery path without HTTP: engine, background worker, notifier, lanes."""

    def __init__(self, engine: Engine, policy: RetryPolicy) -> None:
        self.engine = engine
        self.hooks = WebhookStore(engine.store)
        self.dispatcher = WebhookDispatcher(policy)
        self.notifier = WebhookNotifier(engine.store, self.hooks, self.dispatcher)
        self.worker = BackgroundWorker(engine, self.notifier)
        self.documents = 0

    def run(self, count: int, burst: int = 1) -> list[int]:
        """Add ``count`` documents, ``burst`` tasks enqueued at a time; the task uids.

        Each burst is waited for as a client would, by watching the store (running the worker
        here would hide a blocked worker thread), and then until the worker has handed it to
        the webhooks, as it does once idle: the next burst then waits behind that hand-off.
        """
        uids: list[int] = []
        for _ in range(0, count, burst):
            group = []
            for _ in range(burst):
                self.documents += 1
                doc = {"id": self.documents, "title": f"product {self.documents}"}
                group.append(self.engine.add_documents("shop", [doc]).uid)
            self.worker.wake.set()
            for uid in group:
                while not self.engine.get_task(uid).status.finished:
                    time.sleep(0.002)
            while self.notifier.last_uid < group[-1]:
                time.sleep(0.002)
            uids += group
        return uids


@pytest.fixture
def stack(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Stack]:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    with Engine(settings) as engine:
        engine.wait_for_task(engine.create_index("shop", "id").uid)
        policy = getattr(request, "param", FAST)
        built = Stack(engine, policy)
        built.worker.start()
        try:
            yield built
        finally:
            built.worker.stop()
            built.dispatcher.stop(grace=0.2)


def _timed(stack: Stack, count: int) -> float:
    started = time.perf_counter()
    stack.run(count)
    return time.perf_counter() - started


def _batch(*uids: int) -> TaskBatch:
    lines = b"".join(orjson.dumps({"uid": u, "status": "succeeded"}) + b"\n" for u in uids)
    return TaskBatch(uids[0], uids[-1], len(uids), gzip.compress(lines))


def _hook(url: str) -> Webhook:
    return Webhook(str(uuid.uuid4()), url, {"Authorization": SECRET})


@pytest.mark.parametrize(
    "stack", [RetryPolicy(attempts=3, timeout=1.0, backoff=0.1)], indirect=True
)
def test_a_hung_hook_does_not_slow_tasks(stack: Stack) -> None:
    stack.run(2)  # warm up
    reference = _timed(stack, 20)
    with hung_endpoint() as url:
        hook = stack.hooks.create({"url": url, "headers": {"Authorization": SECRET}})
        with_hung_hook = _timed(stack, 20)
        lane = stack.dispatcher.lanes()[hook.uuid]
        assert lane.pending() > 0 and lane.delivered == 0  # it really is stuck
    print(f"\n20 tasks: {reference:.3f}s without hooks, {with_hung_hook:.3f}s with a hung hook")
    # blocking delivery would cost at least one timeout per task (20 s here)
    assert with_hung_hook < 3 * reference + stack.dispatcher.policy.timeout


def test_every_finished_task_arrives_once_in_order(stack: Stack) -> None:
    with receiver() as (url, got), receiver(fail_first=2) as (flaky_url, flaky):
        stack.hooks.create({"url": url})
        stack.hooks.create({"url": flaky_url, "headers": {"Authorization": SECRET}})
        uids = stack.run(10) + stack.run(20, burst=5)
        failed = stack.engine.add_documents("missing-index", [{"id": 1}], skip_creation=True)
        stack.worker.wake.set()
        assert got.wait_for(failed.uid) and flaky.wait_for(failed.uid)
        expected = [*uids, failed.uid]
        assert got.uids() == expected and flaky.uids() == expected
        assert any(len(batch) > 1 for batch in got.batches)  # bursts travel together
        assert flaky.attempts == len(flaky.batches) + 2
        assert flaky.headers[0]["Authorization"] == SECRET


def test_a_500_is_retried_then_delivered() -> None:
    dispatcher = WebhookDispatcher(FAST)
    with receiver(fail_first=2) as (url, got):
        hook = _hook(url)
        dispatcher.sync([hook])
        dispatcher.submit(_batch(1, 2))
        assert got.wait_for(2)
        lane = dispatcher.lanes()[hook.uuid]
        dispatcher.stop()
    assert got.attempts == 3 and got.uids() == [1, 2]
    assert (lane.delivered, lane.failed) == (1, 0)


def test_retries_are_bounded_and_logs_keep_the_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="souk.webhooks")
    dispatcher = WebhookDispatcher(FAST)
    with receiver(fail_first=3) as (url, got):
        hook = _hook(url.replace("http://", "http://user:pw@"))
        dispatcher.sync([hook])
        dispatcher.submit(_batch(1))
        dispatcher.submit(_batch(2))
        assert got.wait_for(2)
        dispatcher.stop()
    assert got.attempts == 4 and got.uids() == [2]  # batch 1 given up after 3 attempts
    assert f"webhook {hook.uuid} (http://…@127.0.0.1" in caplog.text
    assert "not delivered after 3 attempt(s): HTTP 500" in caplog.text
    assert "a-secret-token" not in caplog.text and "pw@" not in caplog.text


def test_a_client_error_is_not_retried() -> None:
    dispatcher = WebhookDispatcher(FAST)
    with receiver(fail_first=1, fail_status=404) as (url, got):
        dispatcher.sync([_hook(url)])
        dispatcher.submit(_batch(1))
        dispatcher.submit(_batch(2))
        assert got.wait_for(2)
        dispatcher.stop()
    assert got.attempts == 2 and got.uids() == [2]


def test_a_full_queue_drops_its_oldest_batch(caplog: pytest.LogCaptureFixture) -> None:
    lane = HookLane(_hook("http://127.0.0.1:9/hook"), FAST, capacity=2)  # never started
    for uid in range(1, 6):
        lane.submit(_batch(uid))
    assert lane.pending() == 2 and lane.dropped == 3
    assert [b.first_uid for b in lane._queue] == [4, 5]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "queue full" in warnings[0] and lane.hook.uuid in warnings[0]
    assert "secret" not in caplog.text


def test_stopping_does_not_wait_for_a_hung_hook() -> None:
    dispatcher = WebhookDispatcher(RetryPolicy(attempts=3, timeout=5.0, backoff=0.1))
    with hung_endpoint() as url:
        hook = _hook(url)
        dispatcher.sync([hook])
        for uid in range(1, 4):
            dispatcher.submit(_batch(uid))
        lane = dispatcher.lanes()[hook.uuid]
        while lane.pending() == 3:  # the first POST is on its way
            time.sleep(0.01)
        started = time.perf_counter()
        dispatcher.stop(grace=0.2)
        assert time.perf_counter() - started < dispatcher.policy.timeout
    dispatcher.submit(_batch(4))  # after stop: ignored
    assert dispatcher.lanes() == {}


def test_a_deleted_hook_stops_getting_batches(stack: Stack) -> None:
    with receiver() as (url, got):
        hook = stack.hooks.create({"url": url})
        first = stack.run(1)
        assert got.wait_for(first[0])
        stack.hooks.delete(hook.uuid)
        stack.run(1)
        assert stack.dispatcher.lanes() == {}
    assert got.uids() == first


def test_log_url_hides_credentials_only() -> None:
    assert log_url("https://u:p@example.com:8443/h?x=1") == "https://…@example.com:8443/h?x=1"
    assert log_url("https://example.com/h") == "https://example.com/h"


def test_only_the_writer_process_reports(tmp_path: Path) -> None:
    """``--workers 2``: two servers on one data directory, only the writer tells the hooks."""
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    with Engine(settings) as first, Engine(settings) as second, receiver() as (url, got):
        first.wait_for_task(first.create_index("shop", "id").uid)  # `first` is the writer
        servers = [Stack(first, FAST), Stack(second, FAST)]
        servers[0].hooks.create({"url": url})
        for server in servers:
            server.worker.start()
        try:
            uids = [second.add_documents("shop", [{"id": i}]).uid for i in range(5)]
            for server in servers:
                server.worker.wake.set()
            assert got.wait_for(uids[-1])
            time.sleep(0.3)  # a second copy would be on its way by now
        finally:
            for server in servers:
                server.worker.stop()
                server.dispatcher.stop(grace=0.2)
        assert got.uids() == uids
        assert servers[0].worker.writer and not servers[1].worker.writer


def test_a_restarted_server_reports_what_was_left_enqueued(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    with Engine(settings) as engine, receiver() as (url, got):
        done = engine.wait_for_task(engine.create_index("shop", "id").uid).uid
        left = engine.add_documents("shop", [{"id": 1}]).uid  # enqueued before the "restart"
        stack = Stack(engine, FAST)
        stack.hooks.create({"url": url})
        stack.worker.start()
        try:
            assert got.wait_for(left)
        finally:
            stack.worker.stop()
            stack.dispatcher.stop(grace=0.2)
        assert got.uids() == [left] and done not in got.uids()
