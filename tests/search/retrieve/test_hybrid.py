"""Hybrid retrieval: both sides' candidates, the semantic extras joining universe and total."""

from __future__ import annotations

from souk.runtime.index_runtime import IndexRuntime
from souk.search.plan import term_groups
from souk.search.retrieve.hybrid import HybridRetrieval
from souk.search.retrieve.keyword import KeywordRetrieval
from souk.search.retrieve.semantic import SemanticRetrieval
from souk.search.stopwatch import Stopwatch
from tests.search.tiny import ids


def hybrid(
    runtime: IndexRuntime, query: str, vector: list[float], k: int, flt: str | None = None
) -> HybridRetrieval:
    compiled = runtime.compile_filter(flt)
    groups, _ = term_groups(runtime, query, correct=False)
    keyword = KeywordRetrieval(
        runtime,
        compiled,
        groups,
        matching_strategy="last",
        search_on=None,
        sort=[],
        depth=10,
    )
    semantic = SemanticRetrieval(
        runtime, compiled, embedder="default", vector=vector, text=query, k=k
    )
    return HybridRetrieval(keyword, semantic)


def test_semantic_extras_join_the_universe(tiny: IndexRuntime) -> None:
    watch = Stopwatch()
    found = hybrid(tiny, "scarf", [1.0, 0.0, 0.0], k=2).retrieve(watch)
    assert found.keyword is not None and found.semantic is not None
    assert ids(tiny, [c.iid for c in found.keyword]) == [3]
    assert ids(tiny, [c.iid for c in found.semantic]) == [1, 2]
    assert found.total == 3 and tiny.lexical.count(found.universe) == 3
    assert list(watch.marks) == ["keyword", "semantic"]


def test_documents_both_sides_found_count_once(tiny: IndexRuntime) -> None:
    found = hybrid(tiny, "running", [1.0, 0.0, 0.0], k=3).retrieve(Stopwatch())
    assert found.semantic is not None
    assert sorted(ids(tiny, [c.iid for c in found.semantic])) == [1, 2, 5]
    assert found.total == 3 and tiny.lexical.count(found.universe) == 3


def test_both_sides_stay_within_the_filter(tiny: IndexRuntime) -> None:
    found = hybrid(tiny, "running", [0.0, 1.0, 0.0], k=3, flt="color = red").retrieve(Stopwatch())
    assert found.keyword is not None and found.semantic is not None
    assert sorted(ids(tiny, [c.iid for c in found.keyword])) == [1, 5]
    assert ids(tiny, [c.iid for c in found.semantic]) == [3, 5, 1]
    assert found.total == 3 and tiny.lexical.count(found.universe) == 3
