"""Opening runtimes from several threads: one open per index, and no index waits for another."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from souk.engine import Engine
from souk.runtime import registry as registry_module
from souk.runtime.index_runtime import IndexRuntime
from tests.conftest import make_settings

DOCS = [{"id": str(n), "title": f"red shoe {n}"} for n in range(30)]


def test_one_open_per_index_and_others_are_not_held_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_settings(tmp_path)
    with Engine(config) as engine:
        for uid in ("shop", "books"):
            engine.wait_for_task(engine.add_documents(uid, DOCS, primary_key="id").uid)
    opened: list[str] = []
    release = threading.Event()
    real_open = registry_module.open_runtime

    def slow_open(*args: Any, **kwargs: Any) -> IndexRuntime:
        record = args[2]
        opened.append(record.uid)
        if record.uid == "shop":  # the warm-up opening a big index, say
            assert release.wait(20)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(registry_module, "open_runtime", slow_open)
    with Engine(config) as engine:
        got: list[IndexRuntime] = []
        threads = [
            threading.Thread(target=lambda: got.append(engine.runtime("shop"))) for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while "shop" not in opened and time.monotonic() < deadline:
            time.sleep(0.01)
        # while shop is still opening, another index opens and answers
        assert engine.search("books", q="shoe")["estimatedTotalHits"] == 30
        assert not got
        release.set()
        for thread in threads:
            thread.join(20)
        assert len(got) == 3 and all(r is got[0] for r in got)
        assert opened.count("shop") == 1 and engine.runtimes.is_open("shop")


def test_drop_waits_for_an_open_in_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files never move under an open: removing an index's files waits for its open to end."""
    config = make_settings(tmp_path)
    with Engine(config) as engine:
        engine.wait_for_task(engine.add_documents("shop", DOCS, primary_key="id").uid)
    started, release = threading.Event(), threading.Event()
    real_open = registry_module.open_runtime

    def slow_open(*args: Any, **kwargs: Any) -> IndexRuntime:
        started.set()
        assert release.wait(20)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(registry_module, "open_runtime", slow_open)
    with Engine(config) as engine:
        opener = threading.Thread(target=engine.runtime, args=("shop",))
        opener.start()
        assert started.wait(10)
        dropper = threading.Thread(
            target=engine.runtimes.drop, args=("shop",), kwargs={"remove_files": True}
        )
        dropper.start()
        time.sleep(0.2)
        assert dropper.is_alive()  # waiting for the open
        release.set()
        opener.join(20)
        dropper.join(20)
        assert not engine.runtimes.is_open("shop")
