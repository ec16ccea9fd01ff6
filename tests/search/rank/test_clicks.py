"""The click signal moves documents a few places within the head of the list only."""

from __future__ import annotations

from collections.abc import Sequence

from souk.search.candidates import Candidate
from souk.search.rank.clicks import ClickBoost


def ranked(n: int) -> list[Candidate]:
    return [Candidate(i, 1.0) for i in range(n)]


def test_a_strong_lift_moves_a_document_up_a_few_places() -> None:
    boost = ClickBoost(0.1, lambda query, iids: {5: 1.0})
    order = [c.iid for c in boost.apply(ranked(10), "shoes", 10)]
    assert order.index(5) < 5 and order.index(5) > 0


def test_only_the_head_is_reordered_and_asked_about() -> None:
    asked: list[Sequence[int]] = []

    def lifts(query: str, iids: Sequence[int]) -> dict[int, float]:
        asked.append(list(iids))
        return {3: 1.0, 7: 1.0}

    order = [c.iid for c in ClickBoost(1.0, lifts).apply(ranked(8), "q", 5)]
    assert asked == [[0, 1, 2, 3, 4]]
    assert order[0] == 3 and order[5:] == [5, 6, 7]


def test_no_lifts_keep_the_order() -> None:
    before = ranked(4)
    assert ClickBoost(1.0, lambda query, iids: {}).apply(before, "q", 100) is before
