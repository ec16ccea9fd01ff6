"""Keyword retrieval on the tiny index: buckets, rule scores, scope and searchable checks."""

from __future__ import annotations

import pytest

from souk.errors import SoukError
from souk.runtime.index_runtime import IndexRuntime
from souk.search.plan import term_groups
from souk.search.retrieve.keyword import KeywordRetrieval
from souk.search.stopwatch import Stopwatch
from tests.search.tiny import ids


def retrieval(
    runtime: IndexRuntime,
    query: str,
    *,
    flt: str | None = None,
    strategy: str = "last",
    any_word: bool = False,
    search_on: list[str] | None = None,
) -> KeywordRetrieval:
    groups, _ = term_groups(runtime, query, correct=False)
    return KeywordRetrieval(
        runtime,
        runtime.compile_filter(flt),
        groups,
        matching_strategy=strategy,
        search_on=search_on,
        sort=[],
        depth=10,
        any_word=any_word,
    )


def test_last_strategy_gives_full_matches_first_then_fewer_words(tiny: IndexRuntime) -> None:
    watch = Stopwatch()
    found = retrieval(tiny, "running shoes").retrieve(watch)
    assert found.keyword is not None and found.semantic is None
    assert sorted(ids(tiny, [c.iid for c in found.keyword[:2]])) == [1, 2]
    assert ids(tiny, [c.iid for c in found.keyword[2:]]) == [5]
    assert [c.matched for c in found.keyword] == [2, 2, 1]
    scores = [c.score for c in found.keyword]
    assert scores[0] == 1.0 and 0.8 <= scores[1] <= 1.0 and 0.4 <= scores[2] <= 0.5
    assert all(c.lexical_score > 0 for c in found.keyword), "BM25 for the learned model"
    # the universe is everything a shopper can page to: the loosest bucket
    assert found.total == 3 and tiny.lexical.count(found.universe) == 3
    assert list(watch.marks) == ["keyword"]


def test_all_strategy_keeps_only_full_matches(tiny: IndexRuntime) -> None:
    found = retrieval(tiny, "running shoes", strategy="all").retrieve(Stopwatch())
    assert found.keyword is not None
    assert sorted(ids(tiny, [c.iid for c in found.keyword])) == [1, 2] and found.total == 2


def test_any_word_is_one_bucket_for_the_model(tiny: IndexRuntime) -> None:
    found = retrieval(tiny, "wool shoes", any_word=True).retrieve(Stopwatch())
    assert found.keyword is not None
    assert sorted(ids(tiny, [c.iid for c in found.keyword])) == [1, 2, 3]
    assert {c.matched for c in found.keyword} == {1}


def test_the_filter_limits_candidates_universe_and_total(tiny: IndexRuntime) -> None:
    found = retrieval(tiny, "running", flt="color = red").retrieve(Stopwatch())
    assert found.keyword is not None
    assert sorted(ids(tiny, [c.iid for c in found.keyword])) == [1, 5]
    assert found.total == 2 and tiny.lexical.count(found.universe) == 2


def test_no_query_browses_everything_in_the_filter(tiny: IndexRuntime) -> None:
    found = retrieval(tiny, "", flt="brand = Acme").retrieve(Stopwatch())
    assert found.keyword is not None
    assert ids(tiny, [c.iid for c in found.keyword]) == [1, 2]
    assert [c.score for c in found.keyword] == [1.0, 1.0] and found.total == 2


def test_attributes_to_search_on_are_checked_when_searching(tiny: IndexRuntime) -> None:
    only_brand = retrieval(tiny, "acme", search_on=["brand"]).retrieve(Stopwatch())
    assert only_brand.total == 2
    assert retrieval(tiny, "acme", search_on=["title"]).retrieve(Stopwatch()).total == 0
    unknown = retrieval(tiny, "acme", search_on=["nope"])  # building it is fine
    with pytest.raises(SoukError) as error:
        unknown.retrieve(Stopwatch())
    assert error.value.code == "invalid_search_attributes_to_search_on"
