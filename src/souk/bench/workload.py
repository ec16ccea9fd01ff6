"""The benchmark's query sets and a closed-loop HTTP load runner.

Four query kinds over the demo catalog, each a deterministic list built from the catalog's own
vocabulary: ``keyword`` (words + price filter + brand/color facets), ``typo`` (the same words
with one typo in the longest word), ``hybrid`` (keyword words, semanticRatio 0.5) and
``browse`` (no words: category + price filter, sorted by price).
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from souk.demo.vocabulary import COLORS

PRICE_CAPS = (30, 50, 80, 120, 200)


@dataclass(frozen=True)
class BenchQuery:
    """One query in engine-neutral terms; each engine renders it its own way."""

    words: str
    max_price: float
    category: str | None = None
    facets: tuple[str, ...] = ()
    sort_by_price: bool = False


def _typo(words: str, rng: random.Random) -> str:
    parts = words.split()
    longest = max(range(len(parts)), key=lambda i: len(parts[i]))
    word = parts[longest]
    if len(word) >= 5:
        i = rng.randrange(1, len(word) - 2)
        parts[longest] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return " ".join(parts)


def query_sets(
    products: Sequence[dict[str, Any]], count: int, seed: int = 7
) -> dict[str, list[BenchQuery]]:
    rng = random.Random(seed)
    english = [p for p in products if p.get("lang") == "en"] or list(products)
    subcategories = sorted({str(p["subcategory"]).lower() for p in english})
    categories = sorted({str(p["category"]) for p in products})
    keyword: list[BenchQuery] = []
    for _ in range(count):
        words = f"{rng.choice(COLORS)} {rng.choice(subcategories)}"
        keyword.append(BenchQuery(words, rng.choice(PRICE_CAPS), facets=("brand", "color")))
    typo = [BenchQuery(_typo(q.words, rng), q.max_price, facets=q.facets) for q in keyword]
    browse = [
        BenchQuery("", rng.choice(PRICE_CAPS), category=rng.choice(categories), sort_by_price=True)
        for _ in range(count)
    ]
    return {"keyword": keyword, "typo": typo, "hybrid": list(keyword), "browse": browse}


@dataclass
class LoadResult:
    requests: int
    p50_ms: float
    p99_ms: float
    qps: float
    errors: int

    def to_dict(self) -> dict[str, float]:
        return {
            "requests": self.requests,
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "qps": round(self.qps, 1),
            "errors": self.errors,
        }


def percentile(sorted_values: Sequence[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def run_load(
    calls: Sequence[Callable[[], Any]], concurrency: int, *, warmup: int = 10
) -> LoadResult:
    """Run every call once, ``concurrency`` at a time (closed loop); latency per call."""
    for call in calls[:warmup]:
        call()
    timings: list[float] = []
    errors = 0
    lock = threading.Lock()
    cursor = iter(range(len(calls)))

    def worker() -> None:
        nonlocal errors
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            started = time.perf_counter()
            try:
                calls[index]()
                failed = False
            except Exception:
                failed = True
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.append(elapsed)
                errors += failed

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    timings.sort()
    return LoadResult(
        len(timings),
        statistics.median(timings) if timings else float("nan"),
        percentile(timings, 0.99),
        len(timings) / wall if wall > 0 else float("nan"),
        errors,
    )
