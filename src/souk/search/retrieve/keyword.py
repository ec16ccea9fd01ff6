"""Keyword retrieval: the query's term groups as tantivy queries, searched in relevance buckets.

The bucket search itself is :func:`souk.search.keyword.keyword_search`; this strategy builds its
queries (which fields, typo budgets, ``attributesToSearchOn``) and turns its hits into
candidates with a 0..1 rule-based score.
"""

from __future__ import annotations

from collections.abc import Sequence

import tantivy

from souk.errors import SoukError
from souk.runtime.index_runtime import IndexRuntime
from souk.search.candidates import Candidate, Retrieval
from souk.search.keyword import KeywordHit, KeywordResult, keyword_search
from souk.search.sorting import SortKey
from souk.search.stopwatch import Stopwatch
from souk.search.terms import GroupQueryBuilder, TermGroup, typo_rules


class KeywordRetrieval:
    """Documents matching the term groups under ``matching_strategy``, ``depth`` of them.

    ``any_word`` asks for the learned model's candidates instead: one bucket of every document
    matching any query word, by BM25 (unless the strategy is ``all``).
    """

    def __init__(
        self,
        runtime: IndexRuntime,
        flt: tantivy.Query | None,
        groups: list[TermGroup],
        *,
        matching_strategy: str,
        search_on: Sequence[str] | None,
        sort: Sequence[SortKey],
        depth: int,
        any_word: bool = False,
    ) -> None:
        self.rt = runtime
        self.flt = flt
        self.groups = groups
        self.matching_strategy = matching_strategy
        self.search_on = search_on
        self.sort = sort
        self.depth = depth
        self.any_word = any_word

    def retrieve(self, watch: Stopwatch) -> Retrieval:
        result = self.search()
        best = _bucket_best(result.hits)
        candidates = [
            Candidate(
                h.iid,
                keyword_score(h, result.groups, best),
                matched=h.bucket,
                lexical_score=h.score,
            )
            for h in result.hits
        ]
        watch.lap("keyword")
        return Retrieval(candidates, None, result.universe, result.total)

    def search(self) -> KeywordResult:
        """The bucket search's hits (BM25 scores), universe and total."""
        settings = self.rt.settings
        builder = GroupQueryBuilder(
            self.rt.lexical.schema,
            self.rt.layout,
            typo_rules(settings),
            disable_typos_on=settings["typoTolerance"].get("disableOnAttributes", []),
            only=self._searchable(),
        )
        queries = [q for q in (builder.build(g) for g in self.groups) if q is not None]
        if self.groups and not queries:  # nothing to search on: no document can match
            queries = [tantivy.Query.empty_query()]
        frequencies = None
        strategy = self.matching_strategy
        if self.any_word and strategy != "all":
            # The learned model weighs how much of the query a document covers; its
            # candidates are every document matching any query word, by BM25.
            strategy = "any"
        if strategy == "frequency" and queries:
            frequencies = [self.rt.lexical.count(q) for q in queries]
        return keyword_search(
            self.rt.lexical,
            queries,
            flt=self.flt,
            strategy=strategy,
            needed=self.depth,
            sort=self.sort,
            frequencies=frequencies,
            loader=self.rt.lexical_documents,
        )

    def _searchable(self) -> list[str] | None:
        """``attributesToSearchOn``, checked only when the keyword side runs."""
        attributes = self.search_on
        if attributes is None or "*" in attributes:
            return None
        searchable = self.rt.layout.searchable
        for name in attributes:
            if name not in searchable:
                raise SoukError(
                    f"Attribute `{name}` is not searchable. Available searchable attributes "
                    "are: " + ", ".join(f"`{a}`" for a in searchable) + ".",
                    "invalid_search_attributes_to_search_on",
                )
        return list(attributes)


def _bucket_best(hits: Sequence[KeywordHit]) -> dict[int, float]:
    best: dict[int, float] = {}
    for hit in hits:
        if hit.score > best.get(hit.bucket, float("-inf")):
            best[hit.bucket] = hit.score
    return best


def keyword_score(hit: KeywordHit, groups: int, best: dict[int, float]) -> float:
    """A 0..1 ranking score: share of query words matched, refined by relative BM25."""
    if groups == 0:
        return 1.0
    top = best.get(hit.bucket, hit.score) or 1.0
    return round((hit.bucket / groups) * (0.8 + 0.2 * min(hit.score / top, 1.0)), 6)
