"""The ranking stage: relevance order → click signal → merchandising → score threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from souk.search.candidates import Candidate, Retrieval
from souk.search.limits import Deadline
from souk.search.rank.clicks import CLICK_DEPTH, ClickBoost
from souk.search.rank.fused import fused_order
from souk.search.rank.learned import LearnedRanking
from souk.search.rank.merchandising import NO_RULES, Merchandising
from souk.search.sorting import SortKey
from souk.search.stopwatch import Stopwatch


@dataclass
class Ranking:
    """The ranked candidates (all of them, not a page) and the total a user could page to."""

    candidates: list[Candidate]
    total: int


@dataclass(frozen=True)
class RankingStage:
    """Orders one search's retrieval.

    ``learned`` is the model when it orders this search (else keyword candidates keep their
    bucket order and a hybrid retrieval is fused with ``semantic_ratio``); ``clicks`` the click
    signal when the engine has one; ``merchandising`` the shop's rules. Past the search's
    ``deadline`` the learned model is skipped (retrieval order, fused for hybrid), as
    Meilisearch stops sorting at its search cutoff.
    """

    learned: LearnedRanking | None = None
    semantic_ratio: float = 0.0
    clicks: ClickBoost | None = None
    merchandising: Merchandising = NO_RULES
    deadline: Deadline | None = None

    def rank(
        self,
        retrieval: Retrieval,
        *,
        query: str,
        sort: Sequence[SortKey],
        needed: int,
        threshold: float | None,
        watch: Stopwatch,
    ) -> Ranking:
        """``needed`` is how many hits the requested page reaches (offset + limit)."""
        ranked = self.relevance_order(retrieval, watch)
        if self.clicks is not None and query.strip() and not sort:
            # a sort is the shopper's explicit order; clicks only refine relevance
            ranked = self.clicks.apply(ranked, query, max(needed, CLICK_DEPTH))
        ranked = self.merchandising.apply(query, ranked)
        total = retrieval.total
        if threshold is not None:
            ranked = [r for r in ranked if r.score >= threshold]
            # fewer hits than the page reaches: they are all there is
            total = min(total, len(ranked)) if len(ranked) < needed else total
        return Ranking(ranked, total)

    def relevance_order(self, retrieval: Retrieval, watch: Stopwatch) -> list[Candidate]:
        keyword, semantic = retrieval.keyword, retrieval.semantic
        if keyword is None:  # a semantic search keeps the vector order
            return list(semantic or [])
        learned = self.learned
        if learned is not None and self.deadline is not None and self.deadline.expired():
            self.deadline.skip("rerank")
            learned = None
        if learned is not None:
            if semantic is None:
                # no vector side ran; performanceDetails has always listed the stage anyway
                watch.lap("semantic")
            ranked = learned.order(keyword, semantic or [])
            watch.lap("rerank")
            return ranked
        if semantic is not None:
            return fused_order(keyword, semantic, self.semantic_ratio)
        return keyword
