"""The benchmark harness end to end on 1,000 products: figures are produced and sane.

No timing thresholds (speed lives in `make bench`); this keeps the harness working.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from souk.bench.processes import typesense_binary
from souk.bench.run import BenchConfig, run_bench
from souk.bench.workload import query_sets, run_load
from souk.demo.products import generate_products


def test_query_sets_are_deterministic_and_typos_differ() -> None:
    products = list(generate_products(300))
    first, second = query_sets(products, 20), query_sets(products, 20)
    assert first == second
    assert set(first) == {"keyword", "typo", "hybrid", "browse"}
    assert any(a.words != b.words for a, b in zip(first["keyword"], first["typo"], strict=True))
    assert all(q.category and q.sort_by_price and not q.words for q in first["browse"])


def test_load_runner_counts_errors() -> None:
    def boom() -> None:
        raise RuntimeError("no")

    result = run_load([lambda: None] * 30 + [boom] * 2, concurrency=4, warmup=0)
    assert result.requests == 32 and result.errors == 2 and result.qps > 0


@pytest.mark.slow
def test_small_run_produces_every_figure(tmp_path: Path) -> None:
    peer = "typesense" if typesense_binary() else None
    config = BenchConfig(
        products=1000,
        queries=10,
        concurrency=(1, 2),
        peer=peer,
        vector_sample=20,
        out_dir=tmp_path,
    )
    results = run_bench(config)
    assert results["ingest"]["souk"]["docs_per_s"] > 0
    assert results["ingest"]["souk"]["disk_mb"] > 0
    assert results["ingest"]["souk_vectors"]["documents"] == 20
    for kind in ("keyword", "typo", "hybrid", "browse"):
        for load in ("c1", "c2"):
            figures = results["search"][kind]["souk"][load]
            assert figures["errors"] == 0 and figures["requests"] == 10
            assert 0 < figures["p50_ms"] <= figures["p99_ms"]
    assert "keyword.c1.souk/tantivy" in results["ratios"]
    assert results["search"]["vector"]["souk"]["c1"]["errors"] == 0
    assert "vector.c1.souk/hnswlib" in results["ratios"]
    if peer:
        assert results["search"]["keyword"]["typesense"]["c1"]["errors"] == 0
        assert "keyword.c2.souk/typesense" in results["ratios"]
        assert results["search"]["vector"]["typesense"]["c1"]["errors"] == 0
    written = json.loads(Path(results["paths"]["json"]).read_text())
    assert written["products"] == 1000
    assert (tmp_path / "latest.md").read_text().startswith("# souk bench")
