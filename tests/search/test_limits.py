"""The search's own bounds: the time budget (``searchCutoffMs``) and the word limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from souk.engine import Engine
from souk.errors import SoukError
from souk.search.limits import SearchLimits
from souk.search.pipeline import SearchPipeline
from souk.search.request import SearchRequest
from tests.search.test_pipeline import build


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Engine]:
    engine = build(tmp_path, {"filterableAttributes": ["brand"]})
    yield engine
    engine.close()


def test_past_the_deadline_the_search_answers_without_the_learned_model(shop: Engine) -> None:
    runtime = shop.runtime("t")
    request = SearchRequest(q="winter boots", show_ranking_score=True)
    on_time = SearchPipeline(runtime, limits=SearchLimits(cutoff_ms=60_000)).run(request)
    late = SearchPipeline(runtime, limits=SearchLimits(cutoff_ms=0)).run(request)
    assert "degraded" not in on_time and late["degraded"] is True
    # the same documents are found; only their order may differ
    assert {h["id"] for h in late["hits"]} == {h["id"] for h in on_time["hits"]}
    assert late["estimatedTotalHits"] == on_time["estimatedTotalHits"]


def test_the_index_setting_overrides_the_server_default_budget() -> None:
    limits = SearchLimits(cutoff_ms=1500)
    default = limits.deadline({"searchCutoffMs": None})
    tight = limits.deadline({"searchCutoffMs": 10})
    assert 1.4 < default.at - tight.at < 1.5


def test_words_past_the_limit_are_ignored(shop: Engine) -> None:
    runtime = shop.runtime("t")
    request = SearchRequest(q="leather boots espresso", ranker="rules", matching_strategy="all")
    # no document has all three words; the first two are the winter boots
    assert SearchPipeline(runtime, limits=SearchLimits(query_words=3)).run(request)["hits"] == []
    hits = SearchPipeline(runtime, limits=SearchLimits(query_words=2)).run(request)["hits"]
    assert [h["id"] for h in hits] == [3]


def test_facets_and_query_length_are_checked_before_any_work(shop: Engine) -> None:
    small = SearchPipeline(shop.runtime("t"), limits=SearchLimits(query_chars=5, facets=1))
    with pytest.raises(SoukError, match="SOUK_MAX_QUERY_CHARS") as too_long:
        small.run(SearchRequest(q="winter boots"))
    assert too_long.value.code == "invalid_search_q"
    with pytest.raises(SoukError, match="SOUK_MAX_FACETS"):
        small.run(SearchRequest(q="boots", facets=["brand", "color"]))
    few = SearchPipeline(shop.runtime("t"), limits=SearchLimits(attributes=2))
    with pytest.raises(SoukError, match="SOUK_MAX_REQUEST_ATTRIBUTES") as too_many:
        few.run(SearchRequest(q="boots", attributes_to_retrieve=["id", "title", "brand"]))
    assert too_many.value.code == "invalid_search_attributes_to_retrieve"
