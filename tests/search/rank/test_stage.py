"""The ranking stage on hand-made retrievals: which order applies, then clicks, rules, cut."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import tantivy

from souk.runtime.index_runtime import IndexRuntime
from souk.search.candidates import Candidate, Retrieval
from souk.search.rank.clicks import ClickBoost
from souk.search.rank.fused import fused_order
from souk.search.rank.learned import LearnedRanking
from souk.search.rank.stage import RankingStage
from souk.search.sorting import SortKey
from souk.search.stopwatch import Stopwatch

KEYWORD = [Candidate(1, 1.0, matched=2), Candidate(2, 0.9, matched=2), Candidate(3, 0.5, matched=1)]
SEMANTIC = [
    Candidate(4, 0.8, True, similarity=0.8),
    Candidate(2, 0.7, True, similarity=0.7),
]


def retrieval(
    keyword: list[Candidate] | None, semantic: list[Candidate] | None, total: int = 5
) -> Retrieval:
    return Retrieval(keyword, semantic, tantivy.Query.all_query(), total)


def rank(
    stage: RankingStage,
    found: Retrieval,
    *,
    query: str = "q",
    sort: Sequence[SortKey] = (),
    needed: int = 20,
    threshold: float | None = None,
) -> list[int]:
    ranking = stage.rank(
        found, query=query, sort=sort, needed=needed, threshold=threshold, watch=Stopwatch()
    )
    return [c.iid for c in ranking.candidates]


def test_one_side_keeps_its_retrieval_order() -> None:
    assert rank(RankingStage(), retrieval(KEYWORD, None)) == [1, 2, 3]
    assert rank(RankingStage(semantic_ratio=1.0), retrieval(None, SEMANTIC)) == [4, 2]


def test_two_sides_are_fused_by_the_semantic_ratio() -> None:
    stage = RankingStage(semantic_ratio=0.5)
    ranked = stage.rank(
        retrieval(KEYWORD, SEMANTIC),
        query="q",
        sort=(),
        needed=20,
        threshold=None,
        watch=Stopwatch(),
    ).candidates
    assert ranked == fused_order(KEYWORD, SEMANTIC, 0.5)
    both = next(c for c in ranked if c.iid == 2)
    # the better of its two scores, its words from the keyword side, its similarity
    assert (both.score, both.matched, both.similarity) == (0.9, 2, 0.7)
    assert ranked[0].iid == 2, "found by both sides"
    assert next(c for c in ranked if c.iid == 4).semantic


class _Reversed(LearnedRanking):
    """A stand-in model: reverses the keyword candidates, then the semantic ones."""

    def __init__(self) -> None:
        super().__init__(cast(IndexRuntime, None), "q", 2)

    def order(self, keyword: Sequence[Candidate], semantic: Sequence[Candidate]) -> list[Candidate]:
        return [*reversed(keyword), *reversed(semantic)]


def test_the_learned_model_orders_when_given() -> None:
    watch = Stopwatch()
    stage = RankingStage(learned=_Reversed(), semantic_ratio=0.5)
    found = retrieval(KEYWORD, None)
    ranking = stage.rank(found, query="q", sort=(), needed=20, threshold=None, watch=watch)
    assert [c.iid for c in ranking.candidates] == [3, 2, 1]
    assert list(watch.marks) == ["semantic", "rerank"], "stages reported as before the split"
    assert rank(stage, retrieval(KEYWORD, SEMANTIC)) == [3, 2, 1, 2, 4]
    assert rank(stage, retrieval(None, SEMANTIC)) == [4, 2], "semantic search: vector order"


def test_clicks_refine_a_text_relevance_order_only() -> None:
    clicks = ClickBoost(1.0, lambda query, iids: {3: 1.0})
    stage = RankingStage(clicks=clicks)
    assert rank(stage, retrieval(KEYWORD, None)) == [3, 1, 2]
    assert rank(stage, retrieval(KEYWORD, None), query=" ") == [1, 2, 3]
    by_price = [SortKey("price", False)]
    assert rank(stage, retrieval(KEYWORD, None), sort=by_price) == [1, 2, 3]


class _Pin:
    """A merchandising rule putting one document first; records what it was given."""

    def __init__(self, iid: int) -> None:
        self.iid = iid
        self.seen: list[tuple[str, list[int]]] = []

    def apply(self, query: str, ranked: list[Candidate]) -> list[Candidate]:
        self.seen.append((query, [c.iid for c in ranked]))
        return sorted(ranked, key=lambda c: c.iid != self.iid)


def test_merchandising_sees_the_order_after_clicks_and_before_the_cut() -> None:
    pin = _Pin(3)
    clicks = ClickBoost(1.0, lambda query, iids: {2: 1.0})
    stage = RankingStage(clicks=clicks, merchandising=pin)
    assert rank(stage, retrieval(KEYWORD, None), query="shoes", threshold=0.5) == [3, 2, 1]
    assert pin.seen == [("shoes", [2, 1, 3])]


def test_threshold_drops_low_scores_and_bounds_the_total() -> None:
    stage = RankingStage()
    ranking = stage.rank(
        retrieval(KEYWORD, None, total=40),
        query="q",
        sort=(),
        needed=20,
        threshold=0.9,
        watch=Stopwatch(),
    )
    assert [c.iid for c in ranking.candidates] == [1, 2] and ranking.total == 2
    # when the cut leaves at least a page, the retrieval's total stands
    deep = stage.rank(
        retrieval(KEYWORD, None, total=40),
        query="q",
        sort=(),
        needed=2,
        threshold=0.9,
        watch=Stopwatch(),
    )
    assert deep.total == 40
