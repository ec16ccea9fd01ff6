"""A live ``souk serve`` driven by the official ``meilisearch`` Python SDK.

The server runs as a real subprocess (free port, temp data directory, no embedder so ingest is
fast) for the whole session; the SDK talks to it over HTTP exactly as it talks to Meilisearch.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import meilisearch
import pytest
import requests
from meilisearch.index import Index
from meilisearch.models.task import Task, TaskInfo

MASTER_KEY = "masterKey"
STARTUP_TIMEOUT_S = 90.0
TASK_TIMEOUT_MS = 30_000

# Twelve products with unique prices, so every sort has exactly one right answer. Expected
# results in the tests are computed from this list, never typed in by hand.
PRODUCTS: list[dict[str, Any]] = [
    {
        "id": 1,
        "title": "Leather Boot",
        "brand": "Acme",
        "color": "brown",
        "price": 120,
        "rating": 4,
        "tags": ["winter", "leather"],
        "description": "Handmade in a small workshop this sturdy boot keeps your feet warm and "
        "dry through the coldest months of the year",
    },
    {
        "id": 2,
        "title": "Running Shoe",
        "brand": "Zenith",
        "color": "red",
        "price": 80,
        "rating": 5,
        "tags": ["sport", "sale"],
        "description": "Light mesh upper for daily runs",
    },
    {
        "id": 3,
        "title": "Trail Running Shoe",
        "brand": "Acme",
        "color": "green",
        "price": 95,
        "rating": 4,
        "tags": ["sport", "outdoor"],
        "description": "Grippy sole for muddy paths",
    },
    {
        "id": 4,
        "title": "Wool Sweater",
        "brand": "Orbit",
        "color": "red",
        "price": 60,
        "rating": 3,
        "tags": ["winter"],
        "description": "Soft merino knit with a crew neck",
    },
    {
        "id": 5,
        "title": "Cotton Shirt",
        "brand": "Zenith",
        "color": "white",
        "price": 15,
        "rating": 4,
        "tags": ["summer", "sale"],
        "description": "Breathable organic cotton",
    },
    {
        "id": 6,
        "title": "Leather Jacket",
        "brand": "Orbit",
        "color": "black",
        "price": 250,
        "rating": 5,
        "tags": ["leather", "winter"],
        "description": "Classic biker cut with zips",
    },
    {
        "id": 7,
        "title": "Rain Jacket",
        "brand": "Acme",
        "color": "blue",
        "price": 130,
        "rating": 4,
        "tags": ["outdoor", "rain"],
        "description": "Taped seams and a packable hood",
    },
    {
        "id": 8,
        "title": "Denim Jeans",
        "brand": "Zenith",
        "color": "blue",
        "price": 70,
        "rating": 3,
        "tags": ["casual"],
        "description": "Straight fit in rigid indigo denim",
    },
    {
        "id": 9,
        "title": "Silk Scarf",
        "brand": "Orbit",
        "color": "red",
        "price": 45,
        "rating": 5,
        "tags": ["gift"],
        "description": "Hand rolled edges and a floral print",
    },
    {
        "id": 10,
        "title": "Canvas Sneaker",
        "brand": "Acme",
        "color": "white",
        "price": 55,
        "rating": 4,
        "tags": ["casual", "sale"],
        "description": "Vulcanised rubber sole",
    },
    {
        "id": 11,
        "title": "Hiking Sock",
        "brand": "Zenith",
        "color": "green",
        "price": 12,
        "rating": 2,
        "tags": ["outdoor", "sport"],
        "description": "Cushioned merino blend",
    },
    {
        "id": 12,
        "title": "Leather Belt",
        "brand": "Acme",
        "color": "brown",
        "price": 35,
        "rating": 3,
        "tags": ["leather", "gift"],
        "description": "Full grain hide with brass buckle",
    },
]

PRODUCT_SETTINGS: dict[str, Any] = {
    "filterableAttributes": ["brand", "color", "price", "tags"],
    "sortableAttributes": ["price", "rating"],
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "compat: Meilisearch compatibility tests against a live `souk serve`"
    )


@dataclass(frozen=True)
class Server:
    """A running ``souk serve``: its base URL, master key and log file."""

    url: str
    master_key: str
    log: Path

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _souk_command() -> list[str]:
    script = Path(sys.executable).parent / "souk"
    if script.exists():
        return [str(script)]
    found = shutil.which("souk")
    if found:
        return [found]
    return [sys.executable, "-c", "from souk.cli import app; app()"]


def _wait_healthy(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"`souk serve` exited with {proc.returncode} before it was healthy:\n"
                f"{log.read_text(errors='replace')[-4000:]}"
            )
        try:
            response = requests.get(f"{url}/health", timeout=2)
            if response.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(
        f"`souk serve` not healthy after {STARTUP_TIMEOUT_S}s:\n"
        f"{log.read_text(errors='replace')[-4000:]}"
    )


@pytest.fixture(scope="session")
def souk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Start ``souk serve`` once per session and stop it at the end."""
    root = tmp_path_factory.mktemp("souk-compat")
    data_dir = root / "data"
    log = root / "server.log"
    port = _free_port()
    env = dict(os.environ)
    for name in ("SOUK_DATABASE_URL", "SOUK_MASTER_KEY"):
        env.pop(name, None)
    env.update(
        {
            "SOUK_DATA_DIR": str(data_dir),
            "SOUK_DEFAULT_EMBEDDER": "none",
            "SOUK_MODEL_THREADS": "1",
        }
    )
    command = [
        *_souk_command(),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--master-key",
        MASTER_KEY,
    ]
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as log_file:
        # cwd=root so a project `.env` cannot point the server at another store.
        proc = subprocess.Popen(
            command, cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        _wait_healthy(proc, url, log)
        yield Server(url=url, master_key=MASTER_KEY, log=log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def client(souk_server: Server) -> meilisearch.Client:
    return meilisearch.Client(souk_server.url, souk_server.master_key)


WaitOk = Callable[[TaskInfo], Task]


@pytest.fixture(scope="session")
def wait_ok(client: meilisearch.Client, souk_server: Server) -> WaitOk:
    """Wait for a task and assert it succeeded (showing its error and the server log if not)."""

    def wait(info: TaskInfo) -> Task:
        task = client.wait_for_task(info.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
        assert task.status == "succeeded", (
            f"task {task.uid} ({task.type}) {task.status}: {task.error}\n{souk_server.log_tail()}"
        )
        return task

    return wait


_uids = itertools.count(1)


@pytest.fixture
def new_uid(request: pytest.FixtureRequest) -> Callable[[], str]:
    """Fresh index uids named after the test, so a failure points at the index it made."""
    stem = request.node.name.replace("[", "_").replace("]", "").replace("-", "_")[:40]

    def make() -> str:
        return f"{stem}_{next(_uids)}"

    return make


MakeIndex = Callable[..., Index]


@pytest.fixture
def make_index(
    client: meilisearch.Client, wait_ok: WaitOk, new_uid: Callable[[], str]
) -> MakeIndex:
    """An index filled with ``documents`` after ``settings`` were applied (both tasks waited)."""

    def make(
        documents: Sequence[Mapping[str, Any]] = PRODUCTS,
        settings: Mapping[str, Any] | None = None,
        primary_key: str = "id",
    ) -> Index:
        uid = new_uid()
        wait_ok(client.create_index(uid, {"primaryKey": primary_key}))
        index = client.index(uid)
        if settings:
            wait_ok(index.update_settings(dict(settings)))
        if documents:
            wait_ok(index.add_documents([dict(doc) for doc in documents]))
        return index

    return make


@pytest.fixture(scope="session")
def products_index(client: meilisearch.Client, wait_ok: WaitOk) -> Index:
    """The shared read-only product index (tests must not write to it)."""
    uid = "compat_products"
    index = client.index(uid)
    wait_ok(index.update_settings(dict(PRODUCT_SETTINGS)))
    wait_ok(index.add_documents([dict(doc) for doc in PRODUCTS], primary_key="id"))
    return index
