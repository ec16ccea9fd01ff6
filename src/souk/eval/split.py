"""The query-disjoint split of judged queries: training side and held-out side.

Queries are split by a hash of their text, so a query lands on the same side on every run and
in every tool: the ranker trains on one side and ``souk eval`` reports the shipped model's
score on the other.
"""

from __future__ import annotations

import hashlib

#: Share of queries (by text hash) kept out of training.
HELD_OUT_SHARE = 0.5


def is_held_out(query: str, share: float = HELD_OUT_SHARE) -> bool:
    """Whether a query belongs to the held-out side of the split (stable across runs)."""
    bucket = int(hashlib.md5(query.strip().lower().encode()).hexdigest(), 16) % 1000
    return bucket < share * 1000
