"""`souk soak`: a long mixed run against one `souk serve`, looking for what only time shows.

The run, on loopback only: start `souk serve` on a free port (temporary data directory, a master
key, keyword-only index), load a generated catalog, measure the search mix's ceiling with a
short closed loop, then hold an open loop at a share of it (80 % by default) for the duration
while a writer adds, updates, replaces and deletes documents in small batches. What it records:
every error (goal 0), latency per minute and overall, the server's memory / threads / open files
over time (goal flat), every write task's outcome (goal all succeeded), the final state against
what was written, and the load generator's own CPU (it must not be the bottleneck).
"""

from __future__ import annotations

import platform
import re
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from souk.bench.processes import Server, start_souk
from souk.bench.soak_admin import MASTER_KEY, Admin, task_outcomes, verify_state
from souk.bench.soak_load import (
    Headers,
    OpenLoop,
    Recorder,
    client,
    closed_loop,
    latency_figures,
    paced,
)
from souk.bench.soak_mix import Request, WriteOp, WriteStream, search_mix
from souk.bench.soak_probe import Sample, Sampler, summarise
from souk.bench.soak_report import write_results
from souk.demo.products import generate_products

Progress = Callable[[str, int, int], None]
#: a line that starts a log entry: ours (a timestamp) or uvicorn's own (``INFO:     ...``)
LOG_ENTRY = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|[A-Z]+: )")
LOG_BLOCKS = 3
LOG_TAIL_LINES = 16


@dataclass
class SoakConfig:
    duration: float = 600.0
    products: int = 20_000
    calibrate_seconds: float = 15.0
    calibrate_clients: int = 8
    load_share: float = 0.8
    #: searches per second; set, it skips the calibration
    rate: float | None = None
    write_rate: float = 1.0
    write_batch: int = 20
    workers: int = 32
    sample_seconds: float = 5.0
    bucket_seconds: float = 60.0
    mix_size: int = 5_000
    seed: int = 42
    out_dir: Path = Path("bench/results")


class Writer:
    """Sends the write stream at a steady pace from one thread, keeping each op's task uid."""

    def __init__(self, http: httpx.Client, stream: WriteStream, recorder: Recorder) -> None:
        self.http, self.stream, self.recorder = http, stream, recorder
        self.headers = {"Authorization": f"Bearer {MASTER_KEY}", "Content-Type": "application/json"}
        self.sent: list[tuple[int, WriteOp]] = []
        self.documents = 0

    def __call__(self, due: float) -> None:
        op = next(self.stream)
        error, detail = None, ""
        try:
            response = self.http.request(op.method, op.path, content=op.body, headers=self.headers)
            if response.status_code == 202:
                self.sent.append((int(response.json()["taskUid"]), op))
                self.documents += op.documents
            else:
                error, detail = f"HTTP {response.status_code}", response.text[:200]
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            error, detail = type(exc).__name__, str(exc)[:200]
        self.recorder.record(op.kind, due, time.perf_counter(), error, detail)


def run_soak(config: SoakConfig, progress: Progress | None = None) -> dict[str, Any]:
    def step(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)

    started_at = datetime.now(UTC)
    products = list(generate_products(config.products, seed=config.seed))
    mix = search_mix(products, config.mix_size, config.seed)
    results: dict[str, Any] = {
        "kind": "soak",
        "started_at": started_at.isoformat(timespec="seconds"),
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "server": {},
    }
    with tempfile.TemporaryDirectory(prefix="souk-soak-") as tmp:
        root = Path(tmp)
        log = root / "souk.log"
        server = start_souk(root / "data", log=log, master_key=MASTER_KEY)
        try:
            _run(config, server, products, mix, results, step)
        finally:
            server.stop()
            results["server"]["log"] = _log_errors(log)
            results["server"]["exit_code"] = server.process.returncode
    results["verdict"] = verdict(results)
    results["paths"] = {k: str(v) for k, v in write_results(results, config.out_dir).items()}
    return results


def _run(
    config: SoakConfig,
    server: Server,
    products: list[dict[str, Any]],
    mix: list[Request],
    results: dict[str, Any],
    step: Progress,
) -> None:
    admin = Admin(server.url)
    results["server"]["pid"] = server.process.pid
    setup = time.perf_counter()
    admin.create_index()
    headers: Headers = {
        name: {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        for name, key in (("master", MASTER_KEY), ("search", admin.search_key()))
    }
    admin.load(products, step)
    results["setup"] = {"products": len(products), "seconds": round(time.perf_counter() - setup, 1)}
    with client(server.url, config.workers + 2) as http:
        stream = WriteStream(products, config.write_batch, config.seed)
        rate, sent = _ceiling(config, http, mix, headers, stream, results, step)
        sent += _hold(config, server, http, mix, headers, stream, rate, results, step)
    step("check tasks and state", 0, 1)
    if server.process.poll() is None:
        results["tasks"] = task_outcomes(admin, sent)
        results["verification"] = verify_state(admin, stream)
    step("check tasks and state", 1, 1)
    admin.http.close()


def _ceiling(
    config: SoakConfig,
    http: httpx.Client,
    mix: list[Request],
    headers: Headers,
    stream: WriteStream,
    results: dict[str, Any],
    step: Progress,
) -> tuple[float, list[tuple[int, WriteOp]]]:
    """The open loop's rate: the given one, or a share of the closed loop's ceiling.

    The writes run at the soak's pace while the ceiling is measured: every commit gives the
    searches a new index reader and competes with them for the CPU, so a search-only ceiling
    overstates what the server has for searches during the soak (80 % of it overloaded the
    server in test runs). Returns the rate and the writes' task uids.
    """
    if config.rate is not None:
        results["calibration"] = None
        results["target_qps"] = round(config.rate, 1)
        return config.rate, []
    step("measure max QPS", 0, 1)
    writer = Writer(http, stream, Recorder(time.perf_counter(), config.bucket_seconds))
    stop = threading.Event()
    writes = threading.Thread(
        target=paced, args=(config.write_rate, float("inf"), stop, writer), daemon=True
    )
    cpu = time.process_time()
    writes.start()
    try:
        calibration = closed_loop(
            http, mix, headers, clients=config.calibrate_clients, seconds=config.calibrate_seconds
        )
    finally:
        stop.set()
        writes.join()
    calibration["loadgen_cpu_cores"] = round(
        (time.process_time() - cpu) / calibration["seconds"], 2
    )
    calibration["writes"] = writer.recorder.requests
    calibration["write_errors"] = writer.recorder.errors
    results["calibration"] = calibration
    rate = max(1.0, float(calibration["qps"]) * config.load_share)
    results["target_qps"] = round(rate, 1)
    step("measure max QPS", 1, 1)
    return rate, writer.sent


def _hold(
    config: SoakConfig,
    server: Server,
    http: httpx.Client,
    mix: list[Request],
    headers: Headers,
    stream: WriteStream,
    rate: float,
    results: dict[str, Any],
    step: Progress,
) -> list[tuple[int, WriteOp]]:
    """The soak itself: searches open loop at ``rate``, writes at their pace, the server
    sampled, for the duration (or until the server dies). Returns the writes' task uids."""
    searches = Recorder(time.perf_counter(), config.bucket_seconds)
    writes = Recorder(searches.started, config.bucket_seconds)
    writer = Writer(http, stream, writes)
    sampler = Sampler(server.process.pid, config.sample_seconds)
    loop = OpenLoop(
        http, mix, headers, searches, rate=rate, workers=config.workers, seed=config.seed
    )
    stop_writes = threading.Event()
    until = searches.started + config.duration
    write_thread = threading.Thread(
        target=paced, args=(config.write_rate, until, stop_writes, writer), daemon=True
    )
    cpu = time.process_time()
    sampler.start(searches.started)
    loop.start(until)
    write_thread.start()
    total = max(1, round(config.duration))
    while (elapsed := time.perf_counter() - searches.started) < config.duration:
        if server.process.poll() is not None:
            results["server"]["died_at_s"] = round(elapsed, 1)
            break
        step("soak", min(total, round(elapsed)), total)
        time.sleep(min(1.0, config.duration - elapsed))
    stop_writes.set()
    write_thread.join()
    loop.stop()
    wall = time.perf_counter() - searches.started
    loadgen_cpu = time.process_time() - cpu
    sampler.stop()
    step("soak", total, total)

    results["soak"] = _figures(searches, writes, writer, sampler.samples, wall, config)
    results["loadgen"] = {
        "cpu_s": round(loadgen_cpu, 1),
        "cpu_cores": round(loadgen_cpu / wall, 2),
        "workers": config.workers,
    }
    results["server"].update(summarise(sampler.samples))
    results["server"]["rss_series"] = [[s.at_s, s.rss_mb] for s in sampler.samples]
    return writer.sent


def _figures(
    searches: Recorder,
    writes: Recorder,
    writer: Writer,
    samples: list[Sample],
    wall: float,
    config: SoakConfig,
) -> dict[str, Any]:
    minutes = []
    for slot in sorted(set(searches.buckets) | set(writes.buckets)):
        start = slot * config.bucket_seconds
        length = max(1e-9, min(config.bucket_seconds, wall - start))
        bucket = searches.buckets.get(slot)
        written = writes.buckets.get(slot)
        rss = [s.rss_mb for s in samples if start <= s.at_s < start + config.bucket_seconds]
        minutes.append(
            {
                "minute": slot + 1,
                "requests": bucket.requests if bucket else 0,
                "qps": round(bucket.requests / length, 1) if bucket else 0.0,
                "errors": bucket.errors if bucket else 0,
                **{
                    k: v
                    for k, v in latency_figures(bucket.latencies if bucket else []).items()
                    if k in ("p50_ms", "p99_ms")
                },
                "writes": written.requests if written else 0,
                "write_errors": written.errors if written else 0,
                "rss_mb": rss[-1] if rss else None,
            }
        )
    return {
        "seconds": round(wall, 1),
        "search": {
            "requests": searches.requests,
            "errors": searches.errors,
            "degraded": searches.degraded,
            "qps": round(searches.requests / wall, 1),
            **latency_figures(searches.all_latencies()),
            "by_kind": {
                kind: {
                    "requests": b.requests,
                    "errors": b.errors,
                    "degraded": b.degraded,
                    **latency_figures(b.latencies),
                }
                for kind, b in sorted(searches.kinds.items())
            },
        },
        "writes": {
            "ops": writes.requests,
            "errors": writes.errors,
            "documents": writer.documents,
            **latency_figures(writes.all_latencies()),
            "by_kind": {kind: b.requests for kind, b in sorted(writes.kinds.items())},
        },
        "errors": {**searches.error_counts, **_prefixed("write ", writes.error_counts)},
        "error_samples": searches.error_samples + writes.error_samples,
        "minutes": minutes,
    }


def _prefixed(prefix: str, counts: dict[str, int]) -> dict[str, int]:
    return {prefix + k: v for k, v in counts.items()}


def verdict(results: dict[str, Any]) -> dict[str, bool]:
    """The run's goals, each true or false: the one-line answer of the report."""
    soak = results.get("soak", {})
    server = results.get("server", {})
    tasks = results.get("tasks", {})
    verification = results.get("verification", {})
    calibration = results.get("calibration") or {}
    out = {
        "no_errors": bool(soak)
        and soak["search"]["errors"] == 0
        and soak["writes"]["errors"] == 0
        and calibration.get("errors", 0) == 0
        and calibration.get("write_errors", 0) == 0,
        "rss_flat": bool(server.get("rss_mb", {}).get("flat", False)),
        "tasks_succeeded": bool(tasks) and tasks["succeeded"] == tasks["sent"] > 0,
        "state_matches": bool(verification) and not verification["failures"],
        "server_log_clean": server.get("log", {}).get("errors", 1) == 0,
    }
    out["ok"] = all(out.values())
    return out


def _log_errors(log: Path) -> dict[str, Any]:
    """ERROR entries and tracebacks in the server's log, the first few with their traceback's
    last lines, so a report shows the exception itself and not just "unexpected error".

    An entry runs from its ERROR line (or a bare traceback) to the next log line. One failed
    request usually makes two: souk's "unexpected error" and uvicorn's own report of it.
    """
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return {"errors": 0, "excerpt": []}
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        starts_entry = bool(LOG_ENTRY.match(line))
        error = " ERROR " in line or line.startswith("ERROR:")
        if error or (line.startswith("Traceback") and current is None):
            current = [line]
            blocks.append(current)
        elif current is not None and not starts_entry:
            current.append(line)
        else:
            current = None
    excerpt: list[str] = []
    for block in blocks[:LOG_BLOCKS]:
        tail = block[1:][-LOG_TAIL_LINES:]
        excerpt += [block[0], *(["  ..."] if len(block) - 1 > len(tail) else []), *tail]
    return {"errors": len(blocks), "excerpt": excerpt, "lines": len(lines)}


def _cpus() -> int:
    import os

    return os.cpu_count() or 1
