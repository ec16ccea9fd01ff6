"""The soak harness: its parts without a server, then a few seconds of it against a tiny catalog.

No latency or memory thresholds here (the soak's own verdict is for `make soak`); this keeps the
harness working and checks that a short run counts requests, samples the server and writes its
report where it is told to.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from souk.bench.soak import SoakConfig, _log_errors, run_soak
from souk.bench.soak_mix import KINDS, WriteStream, search_mix
from souk.bench.soak_probe import Sample, summarise
from souk.demo.products import generate_products


def test_search_mix_is_deterministic_and_covers_every_kind() -> None:
    products = list(generate_products(200))
    first, second = search_mix(products, 400, seed=1), search_mix(products, 400, seed=1)
    assert first == second
    assert {r.kind for r in first} == {kind for kind, _ in KINDS}
    assert {r.key for r in first} == {"master", "search"}
    assert all(r.params for r in first if r.method == "GET")


def test_write_stream_keeps_the_index_size_and_tracks_latest_revisions() -> None:
    products = list(generate_products(50))
    stream = WriteStream(products, batch=5, seed=3)
    ops = [next(stream) for _ in range(40)]
    kinds = {op.kind for op in ops}
    assert kinds == {"add", "update", "delete", "replace"}
    added = sum(len(op.added) for op in ops)
    deleted = sum(len(op.deleted) for op in ops)
    assert stream.expected_count == len(products) + added - deleted
    assert len(stream.live) <= 3 * stream.batch, "deletions keep up with additions"
    last_update = next(op for op in reversed(ops) if op.kind == "update")
    for doc in orjson.loads(last_update.body):
        assert doc["soak_rev"] == last_update.number
    for doc_id, rev in stream.revision.items():
        assert rev == max(op.number for op in ops if doc_id in op.revisions)


def test_rss_is_flat_unless_it_grows_after_the_warm_up() -> None:
    def run(rss: list[float]) -> dict[str, object]:
        samples = [
            Sample(float(i), mb, mb * 0.8, mb * 0.2, 20, 30, float(i)) for i, mb in enumerate(rss)
        ]
        return summarise(samples)

    flat = run([300.0] + [500.0 + (i % 3) for i in range(20)])  # warm-up jump, then flat
    assert flat["rss_mb"]["flat"] is True  # type: ignore[index]
    leak = run([500.0 + 10 * i for i in range(20)])
    assert leak["rss_mb"]["flat"] is False  # type: ignore[index]
    assert leak["rss_mb"]["slope_per_min"] == pytest.approx(600.0)  # type: ignore[index]


def test_server_log_errors_keep_the_exception(tmp_path: Path) -> None:
    log = tmp_path / "souk.log"
    log.write_text(
        "2026-01-01 10:00:00,000 souk.api INFO started\n"
        "2026-01-01 10:00:01,000 souk.api ERROR unexpected error\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n'
        "ValueError: Invalid segment_ord: 1\n"
        "2026-01-01 10:00:02,000 souk.api INFO fine again\n"
        "INFO:     Shutting down\n"
    )
    found = _log_errors(log)
    assert found["errors"] == 1
    assert found["excerpt"][0].endswith("ERROR unexpected error")
    assert found["excerpt"][-1] == "ValueError: Invalid segment_ord: 1"


@pytest.mark.slow
def test_short_soak_against_a_tiny_catalog(tmp_path: Path) -> None:
    config = SoakConfig(
        duration=4,
        products=300,
        calibrate_seconds=1,
        calibrate_clients=2,
        write_rate=2,
        write_batch=5,
        workers=4,
        sample_seconds=0.5,
        out_dir=tmp_path,
    )
    results = run_soak(config)
    assert results["calibration"]["qps"] > 0
    search = results["soak"]["search"]
    assert search["requests"] > 0 and search["errors"] == 0, results["soak"]["error_samples"]
    assert results["soak"]["writes"]["ops"] > 0 and results["soak"]["writes"]["errors"] == 0
    assert results["server"]["samples"] >= 3 and results["server"]["rss_mb"]["max"] > 0
    assert results["tasks"]["succeeded"] == results["tasks"]["sent"] > 0
    assert results["verification"]["failures"] == []
    assert results["verdict"]["tasks_succeeded"] and results["verdict"]["state_matches"]
    assert results["loadgen"]["cpu_cores"] >= 0 and search["degraded"] >= 0
    written = json.loads(Path(results["paths"]["json"]).read_text())
    assert written["soak"]["search"]["requests"] == search["requests"]
    markdown = Path(results["paths"]["markdown"]).read_text()
    assert markdown.startswith("# souk soak") and "## Per minute" in markdown
    assert {p.name for p in tmp_path.iterdir()} == {
        Path(results["paths"]["json"]).name,
        Path(results["paths"]["markdown"]).name,
    }
