"""Benchmark results as JSON and a markdown table, in ``bench/results/``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

ENGINES = ("souk", "tantivy", "hnswlib", "typesense")


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# souk bench — {results['products']:,} products, "
        f"{results['queries_per_kind']} queries per kind, "
        f"{results.get('souk_workers', 1)} souk server process(es)",
        "",
        "Measured in one run on one machine; read the ratios, not the absolute times. "
        "tantivy / hnswlib = the raw engines called in-process on equivalent indexes (the "
        "floor); vector = kNN with a price filter over the vector sample, query vector given; "
        "Typesense = the peer, over HTTP through its Python client.",
        "",
        "## Ingest (to searchable)",
        "",
        "| engine | docs/s | seconds | disk MB | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    for name, figures in results["ingest"].items():
        docs = figures.get("documents")
        label = f"{name} ({docs:,} docs)" if docs else name
        lines.append(
            f"| {label} | {figures['docs_per_s']:,} | {figures['seconds']} | "
            f"{figures.get('disk_mb', '')} | {figures.get('peak_rss_mb', '')} |"
        )
    lines += [
        "",
        "## Queries",
        "",
        "| kind | load | engine | p50 ms | p99 ms | QPS |",
        "|---|---|---|---|---|---|",
    ]
    for kind, engines in results["search"].items():
        for engine in ENGINES:
            for load, f in engines.get(engine, {}).items():
                lines.append(
                    f"| {kind} | {load} | {engine} | {f['p50_ms']} | {f['p99_ms']} | {f['qps']} |"
                )
    lines += ["", "## Ratios", "", "| what | p50 | p99 | QPS |", "|---|---|---|---|"]
    for key, r in results["ratios"].items():
        lines.append(f"| {key} | {r['p50_ms']} | {r['p99_ms']} | {r['qps']} |")
    if "peer_skipped" in results:
        lines += ["", f"Peer not measured: {results['peer_skipped']}."]
    return "\n".join(lines) + "\n"


def write_results(results: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = f"bench-{results['products']}-{stamp}"
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    md_path.write_text(table)
    (out_dir / "latest.md").write_text(table)
    (out_dir / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    return {"json": json_path, "markdown": md_path}
