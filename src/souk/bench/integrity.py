"""What integrity costs, measured: ``python -m souk.bench.integrity --products 100000``.

On a generated demo catalog (keyword index, the demo shop's settings) it measures:

* the cost of recording the lexical index's checksums after each commit, against the ingest;
* opening the index with ``verify_on_open`` off, sizes and full (median of a few opens, each
  by a fresh engine), and verifying it alone, cold-ish and with the files in the page cache;
* SQLite's ``quick_check`` and ``integrity_check`` on the store;
* the first search's latency after ``souk serve`` starts, without and with the warm start.

The figures in docs/integrity.md come from this module.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

from souk.bench.processes import free_port
from souk.config import Settings
from souk.demo.products import write_catalog
from souk.demo.settings import DEMO_SETTINGS
from souk.engine import Engine
from souk.runtime.checksums import FileHasher
from souk.runtime.derived import index_dir
from souk.runtime.integrity import verify_lexical
from souk.store.integrity import check_store

UID = "shop"


def build(data_dir: Path, products: int, batch_size: int) -> dict[str, Any]:
    """Ingest the demo catalog in tasks of ``batch_size``; what recording checksums cost."""
    catalog = data_dir.parent / "catalog.ndjson"
    write_catalog(catalog, count=products)
    docs = [orjson.loads(line) for line in catalog.read_bytes().splitlines() if line]
    settings = {**{k: v for k, v in DEMO_SETTINGS.items() if k != "embedders"}, "embedders": {}}
    with Engine(Settings(data_dir=data_dir)) as engine:
        engine.wait_for_task(engine.create_index(UID, "id", settings).uid)
        started = time.perf_counter()
        for start in range(0, len(docs), batch_size):
            task = engine.add_documents(UID, docs[start : start + batch_size])
            if engine.wait_for_task(task.uid, timeout=3600).error:
                raise RuntimeError(f"ingest failed: {engine.get_task(task.uid).error}")
        seconds = time.perf_counter() - started
        registry = engine.runtimes
        lexical = index_dir(engine.config, UID) / "lexical"
        return {
            "documents": len(docs),
            "tasks": -(-len(docs) // batch_size),
            "ingestSeconds": round(seconds, 2),
            "checksumRecords": registry.checksum_records,
            "checksumSeconds": round(registry.checksum_seconds, 3),
            "checksumMsPerCommit": round(
                1000 * registry.checksum_seconds / max(1, registry.checksum_records), 2
            ),
            "checksumShareOfIngest": round(registry.checksum_seconds / seconds, 4),
            "bytesHashed": registry.hasher.bytes_read,
            "lexicalBytes": sum(f.stat().st_size for f in lexical.iterdir() if f.is_file()),
        }


def open_times(data_dir: Path, repeats: int) -> dict[str, Any]:
    """Median time to open the index per ``verify_on_open`` mode, and verification alone."""
    out: dict[str, Any] = {}
    for mode in ("off", "sizes", "full"):
        runs = []
        for _ in range(repeats):
            with Engine(Settings(data_dir=data_dir, verify_on_open=mode)) as engine:
                started = time.perf_counter()
                engine.runtime(UID)
                runs.append(time.perf_counter() - started)
        out[f"openMs_{mode}"] = round(1000 * statistics.median(runs), 1)
    directory = index_dir(Settings(data_dir=data_dir), UID)
    for full in (False, True):
        check = verify_lexical(directory, FileHasher(), full=full)
        key = "verifyMs_full" if full else "verifyMs_sizes"
        out[key] = round(1000 * check.seconds, 1)
        out["verifiedFiles"], out["verifiedBytes"] = check.files, check.bytes
    return out


def store_checks(data_dir: Path) -> dict[str, Any]:
    with Engine(Settings(data_dir=data_dir)) as engine:
        quick = check_store(engine.store.engine, engine.store.where)
        full = check_store(engine.store.engine, engine.store.where, full=True)
    return {
        "storeBytes": (data_dir / "souk.db").stat().st_size,
        "quickCheckSeconds": round(quick.seconds, 3),
        "integrityCheckSeconds": round(full.seconds, 3),
    }


def first_search(data_dir: Path, *, warm: bool, wait_for_warm: bool) -> dict[str, Any]:
    """Start ``souk serve``; time its first and second search (and /health meanwhile)."""
    port = free_port()
    env = {**os.environ, "SOUK_DATA_DIR": str(data_dir), "SOUK_WARM_START": str(warm).lower()}
    command = [sys.executable, "-m", "souk.cli", "-v", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    assert process.stderr is not None
    stream = process.stderr
    threading.Thread(target=lambda: lines.extend(stream), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    try:
        with httpx.Client(timeout=120) as client:
            while True:
                try:
                    client.get(f"{base}/health")
                    break
                except httpx.TransportError:
                    if process.poll() is not None:
                        raise RuntimeError("souk serve exited:\n" + "".join(lines)) from None
                    time.sleep(0.02)
            up = time.perf_counter() - started
            while wait_for_warm and not any("indexes ready" in line for line in lines):
                time.sleep(0.02)
            ready = time.perf_counter() - started
            health = _HealthProbe(base)
            began = time.perf_counter()
            client.post(f"{base}/indexes/{UID}/search", json={"q": "red dress"})
            first = time.perf_counter() - began
            health_ms = health.stop()
            began = time.perf_counter()
            client.post(f"{base}/indexes/{UID}/search", json={"q": "blue shoes"})
            second = time.perf_counter() - began
    finally:
        process.terminate()
        process.wait(20)
    return {
        "warmStart": warm,
        "waitedForWarmStart": wait_for_warm,
        "healthUpSeconds": round(up, 2),
        "searchSentAtSeconds": round(ready, 2),
        "firstSearchMs": round(1000 * first),
        "secondSearchMs": round(1000 * second),
        "healthMaxMsDuringFirstSearch": health_ms,
    }


class _HealthProbe:
    """GET /health every 10 ms on a thread of its own; the slowest answer when stopped."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.times: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with httpx.Client(timeout=120) as client:
            while not self._stop.is_set():
                began = time.perf_counter()
                client.get(f"{self.base}/health")
                self.times.append(time.perf_counter() - began)
                time.sleep(0.01)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join(30)
        return round(1000 * max(self.times, default=0.0))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="souk-integrity-") as tmp:
        data_dir = Path(tmp) / "data"
        report: dict[str, Any] = {"products": args.products, "batchSize": args.batch_size}
        report["commit"] = build(data_dir, args.products, args.batch_size)
        report["open"] = open_times(data_dir, args.repeats)
        report["store"] = store_checks(data_dir)
        report["firstSearch"] = [
            first_search(data_dir, warm=False, wait_for_warm=False),
            first_search(data_dir, warm=True, wait_for_warm=False),
            first_search(data_dir, warm=True, wait_for_warm=True),
        ]
    sys.stdout.write(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() + "\n")


if __name__ == "__main__":
    main()
