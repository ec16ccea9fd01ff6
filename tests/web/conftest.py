"""A live `souk serve` with a small demo shop (and its behaviour), driven by Playwright in
Debian's Chromium (`/usr/bin/chromium`; never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from souk.config import Settings
from souk.demo.products import write_catalog
from souk.demo.settings import DEMO_SETTINGS
from souk.engine import Engine
from souk.events.synthetic import synthetic_events

MASTER_KEY = "web-test-master-key"
DIST = Path(__file__).resolve().parents[2] / "src" / "souk" / "web" / "dist" / "index.html"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _require(condition: bool, why: str) -> None:
    """Skip on a developer machine without the prerequisite; fail in CI, where it must exist."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="session")
def shop_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require(DIST.exists(), "web pages not built: run `make web`")
    root = tmp_path_factory.mktemp("web")
    data = root / "data"
    catalog = root / "products.ndjson"
    write_catalog(catalog, count=400, seed=42)
    settings = {k: v for k, v in DEMO_SETTINGS.items() if k != "embedders"}  # fast: keyword only
    with Engine(Settings(data_dir=data, writer_heap_mb=32)) as engine:
        engine.wait_for_task(engine.create_index("demo", "id", settings).uid)
        for task in engine.ingest_file("demo", catalog):
            engine.wait_for_task(task.uid)
        products = [
            {"id": d.doc_id, "category": d.body.get("subcategory")}
            for batch in engine.store.iter_documents("demo")
            for d in batch
        ]
        engine.behaviour.record_events_bulk("demo", list(synthetic_events(products, shoppers=300)))
        engine.wait_for_task(engine.behaviour.train("demo").uid)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "SOUK_DATA_DIR": str(data),
        "SOUK_LLM_BACKEND": "none",
        "SOUK_FIGURES_DIR": str(Path(__file__).resolve().parents[2] / "bench" / "results"),
    }
    env.pop("SOUK_DATABASE_URL", None)
    command = [
        sys.executable,
        "-m",
        "souk.cli",
        "serve",
        "--port",
        str(port),
        "--master-key",
        MASTER_KEY,
    ]
    log = (root / "serve.log").open("wb")
    proc = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail((root / "serve.log").read_text()[-3000:])
    yield url
    proc.terminate()
    proc.wait(timeout=15)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require(Path(CHROMIUM).exists(), "Chromium not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))  # type: ignore[attr-defined]
