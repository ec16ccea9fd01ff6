"""The search plan: the request checked against the index, and when the model ranks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from souk.errors import SoukError
from souk.runtime.index_runtime import IndexRuntime
from souk.search.plan import plan_search, semantic_ratio, term_groups
from souk.search.request import HybridParams, SearchRequest
from souk.search.scope import EVERYTHING, Scope


def test_the_learned_model_ranks_a_text_query_unless_told_or_sorted(tiny: IndexRuntime) -> None:
    def learned(request: SearchRequest, ranker: str = "learned") -> bool:
        return plan_search(tiny, request, scope=EVERYTHING, ranker=ranker).learned

    assert learned(SearchRequest(q="running shoes"))
    assert not learned(SearchRequest(q="running shoes"), ranker="rules")
    assert learned(SearchRequest(q="running shoes", ranker="learned"), ranker="rules")
    assert not learned(SearchRequest(q="running shoes", ranker="rules"))
    assert not learned(SearchRequest(q="running shoes", sort=["price:asc"]))
    assert not learned(SearchRequest(q=""))
    semantic = SearchRequest(q="shoes", hybrid=HybridParams(semantic_ratio=1.0))
    assert not learned(semantic)


def test_spelling_is_corrected_for_the_model_only(tiny: IndexRuntime) -> None:
    learned = plan_search(tiny, SearchRequest(q="runing"), scope=EVERYTHING, ranker="learned")
    assert learned.feature_query == "running"
    rules = plan_search(tiny, SearchRequest(q="runing"), scope=EVERYTHING, ranker="rules")
    assert rules.feature_query == "runing"


def test_the_scope_is_part_of_the_compiled_filter(tiny: IndexRuntime) -> None:
    plan = plan_search(
        tiny, SearchRequest(filter="price < 100"), scope=Scope("color = red"), ranker="rules"
    )
    assert plan.flt is not None and tiny.lexical.count(plan.flt) == 3


def test_errors_come_in_the_order_filter_facets_sort_embedder(tiny: IndexRuntime) -> None:
    def code(request: SearchRequest) -> str:
        with pytest.raises(SoukError) as error:
            plan_search(tiny, request, scope=EVERYTHING, ranker="learned")
        return error.value.code

    wrong = SearchRequest(
        filter="title = x",
        facets=["title"],
        sort=["title:asc"],
        hybrid=HybridParams(embedder="nope"),
    )
    assert code(wrong) == "invalid_search_filter"
    wrong = replace(wrong, filter=None)
    assert code(wrong) == "invalid_search_facets"
    wrong = replace(wrong, facets=None)
    assert code(wrong) == "invalid_search_sort"
    wrong = replace(wrong, sort=None)
    assert code(wrong) == "invalid_search_embedder"


def test_semantic_ratio_and_term_groups(tiny: IndexRuntime) -> None:
    assert semantic_ratio(tiny, SearchRequest(vector=[1.0, 0.0, 0.0])) == 1.0
    assert semantic_ratio(tiny, SearchRequest(q="x", vector=[1.0, 0.0, 0.0])) == 0.0
    assert semantic_ratio(tiny, SearchRequest(hybrid=HybridParams(semantic_ratio=0.3))) == 0.3
    groups, text = term_groups(tiny, "red shoes", correct=True)
    assert len(groups) == 2 and text == "red shoes"
