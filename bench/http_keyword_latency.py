"""p50/p99 latency of a keyword search over HTTP, from a separate client process.

Usage: python bench/http_keyword_latency.py [--url http://127.0.0.1:7700] [--index demo]
       [--requests 1000] [--key KEY]
It sends the same keyword + filter + facets search in a loop over one keep-alive connection,
after 20 warm-up requests, and prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import httpx


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:7700")
    parser.add_argument("--index", default="demo")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--key", default=None)
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    body = {"q": "red runing shoes", "filter": "price < 80", "facets": ["brand", "color"],
            "limit": 20}
    timings: list[float] = []
    with httpx.Client(base_url=args.url, headers=headers, timeout=30) as client:
        for i in range(args.requests + 20):
            started = time.perf_counter()
            response = client.post(f"/indexes/{args.index}/search", json=body)
            elapsed = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            if i >= 20:
                timings.append(elapsed)
    timings.sort()
    print(json.dumps({
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p90_ms": round(timings[int(len(timings) * 0.9)], 2),
        "p99_ms": round(timings[int(len(timings) * 0.99)], 2),
        "mean_ms": round(statistics.fmean(timings), 2),
    }))


if __name__ == "__main__":
    main()
