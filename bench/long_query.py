"""What a hostile long query costs a live server: latency and the server's RSS.

Usage: python bench/long_query.py [--url http://127.0.0.1:7700] [--index demo] [--key KEY]
       [--pid SERVER_PID] [--repeat 20]
It sends "runing shoes", then those two words five times (the ten words a search reads), then
repeated to 989 characters (153 words, just under SOUK_MAX_QUERY_CHARS), `--repeat` times each,
and prints the mean latency of each and, with `--pid`, the server's RSS after each series, as
JSON. Before the word limit
(issue 14), 640 such words cost the server 1.3 GB and 1.7 s per search.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import httpx


def _rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:7700")
    parser.add_argument("--index", default="demo")
    parser.add_argument("--key", default=None)
    parser.add_argument("--pid", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    queries = {
        "short": "runing shoes",
        "ten": "runing shoes " * 5,
        "long": "runing shoes " * 76 + "x",
    }
    report: dict[str, object] = {"rssStartMb": _rss_mb(args.pid)}
    with httpx.Client(base_url=args.url, headers=headers, timeout=60) as client:
        for name, q in queries.items():
            started = time.perf_counter()
            for _ in range(args.repeat):
                response = client.post(f"/indexes/{args.index}/search", json={"q": q})
                response.raise_for_status()
            report[name] = {
                "words": len(q.split()),
                "chars": len(q),
                "meanMs": round((time.perf_counter() - started) / args.repeat * 1000, 1),
                "rssAfterMb": _rss_mb(args.pid),
            }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
