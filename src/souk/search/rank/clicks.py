"""The click signal: click-through lifts reorder the head of a relevance-ranked list."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from souk.search.candidates import Candidate

# How many of the first candidates the click signal may reorder.
CLICK_DEPTH = 100


@dataclass(frozen=True)
class ClickBoost:
    """Click-through lifts (iid → [-1, 1]) reorder the head of a relevance-ranked list.

    Each of the first ``CLICK_DEPTH`` documents keeps a position score 1/log2(rank+2) and gains
    ``weight`` × its lift, so a weight of 0.1 lets a strong lift move a document a few places
    but not from page five to the top.
    """

    weight: float
    lifts: Callable[[str, Sequence[int]], dict[int, float]]

    def apply(self, ranked: list[Candidate], query: str, depth: int) -> list[Candidate]:
        """``ranked`` with its first ``depth`` candidates reordered by their lifts for ``query``."""
        head = ranked[:depth]
        lifts = self.lifts(query, [r.iid for r in head])
        if not lifts:
            return ranked
        keys = [
            1.0 / math.log2(position + 2) + self.weight * lifts.get(r.iid, 0.0)
            for position, r in enumerate(head)
        ]
        order = sorted(range(len(head)), key=lambda n: (-keys[n], n))
        return [head[n] for n in order] + ranked[depth:]
