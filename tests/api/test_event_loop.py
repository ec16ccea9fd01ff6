"""Blocking work stays off the event loop: a slow chat turn does not hold up other requests.

The real app runs in uvicorn (a thread, a free local port) with a chat model that takes ~2 s per
turn. While a turn runs, ``/health`` and a search must each answer within a few tens of
milliseconds; if the turn ran on the event loop they would wait the whole 2 s.
"""

from __future__ import annotations

import gc
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from souk.api.app import create_app
from souk.assistant import Assistant
from souk.engine import Engine
from souk.llm.base import ChatResult, Message
from tests.conftest import make_settings
from tests.support.fake_llm import ScriptedChat

TURN_SECONDS = 2.0
BOUND_SECONDS = 0.25  # generous: measured in tens of milliseconds on 2 shared cores
PRODUCTS = [
    {"id": f"p{n}", "title": f"{colour} running shoes", "color": colour, "price": 40 + n}
    for n, colour in enumerate(("red", "blue", "green", "black", "white", "grey"))
]


class SlowChat(ScriptedChat):
    """A chat model that blocks its thread for ``delay`` seconds per call (as a real one does)."""

    def __init__(self, delay: float) -> None:
        super().__init__(capable=False, default="Happy to help you find a pair!")
        self.delay = delay
        self.entered = threading.Event()

    def chat(self, messages: Sequence[Message], **options: Any) -> ChatResult:
        self.entered.set()
        time.sleep(self.delay)
        return super().chat(messages, **options)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, SlowChat]]:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    engine = Engine(settings)
    engine.wait_for_task(engine.create_index("shop", "id", {"filterableAttributes": ["color"]}).uid)
    engine.wait_for_task(engine.add_documents("shop", PRODUCTS).uid)
    model = SlowChat(TURN_SECONDS)
    engine.behaviour._assistant = Assistant(engine.store, model)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(engine, run_worker=False), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}", model
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.close()


def _timed(client: httpx.Client, method: str, path: str, **kwargs: Any) -> float:
    started = time.perf_counter()
    response = client.request(method, path, **kwargs)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    return elapsed


@pytest.mark.parametrize("stream", [False, True])
def test_a_slow_chat_turn_does_not_block_health_or_search(
    served: tuple[str, SlowChat], stream: bool
) -> None:
    url, model = served
    search: Mapping[str, Any] = {"json": {"q": "running shoes", "facets": ["color"]}}
    with httpx.Client(base_url=url, timeout=30) as client:
        _timed(client, "GET", "/health")  # warm: connection, first search
        _timed(client, "POST", "/indexes/shop/search", **search)
        model.entered.clear()

        turn: dict[str, Any] = {}

        def chat() -> None:
            started = time.perf_counter()
            body = {
                "model": "shop",
                "stream": stream,
                "messages": [{"role": "user", "content": "running shoes"}],
            }
            with httpx.Client(base_url=url, timeout=30) as own:
                response = own.post("/v1/chat/completions", json=body)
            turn["status"] = response.status_code
            turn["text"] = response.text
            turn["seconds"] = time.perf_counter() - started

        # The server runs in this test process: a garbage collection of everything the rest of
        # the suite left behind can pause every thread for a few hundred ms (seen once in
        # `make test`), which says nothing about the event loop. Collect first, then hold it.
        gc.collect()
        gc.disable()
        try:
            chatting = threading.Thread(target=chat)
            chatting.start()
            assert model.entered.wait(10), "the chat turn never reached the model"
            health = [_timed(client, "GET", "/health") for _ in range(5)]
            searches = [_timed(client, "POST", "/indexes/shop/search", **search) for _ in range(5)]
            still_running = chatting.is_alive()
            chatting.join(30)
        finally:
            gc.enable()

    print(
        f"\nstream={stream}: chat turn {turn['seconds'] * 1000:.0f} ms; during it /health "
        f"{', '.join(f'{s * 1000:.1f}' for s in health)} ms, search "
        f"{', '.join(f'{s * 1000:.1f}' for s in searches)} ms"
    )
    assert still_running, "the measurements must overlap the slow turn"
    assert turn["status"] == 200, turn["text"]
    assert turn["seconds"] >= TURN_SECONDS
    assert "[p" in turn["text"]  # a real answer, citing products
    assert max(health) < BOUND_SECONDS, health
    assert max(searches) < BOUND_SECONDS, searches
