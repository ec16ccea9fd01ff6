"""Semantic retrieval on the tiny index: neighbours within the filter, and their universe."""

from __future__ import annotations

import pytest

from souk.errors import SoukError
from souk.runtime.index_runtime import IndexRuntime
from souk.search.retrieve.semantic import SemanticRetrieval, id_query
from souk.search.stopwatch import Stopwatch
from tests.search.tiny import ids, iids


def semantic(
    runtime: IndexRuntime,
    vector: list[float] | None,
    k: int = 3,
    flt: str | None = None,
    text: str | None = None,
) -> SemanticRetrieval:
    return SemanticRetrieval(
        runtime,
        runtime.compile_filter(flt),
        embedder="default",
        vector=vector,
        text=text,
        k=k,
    )


def test_nearest_first_scored_by_similarity(tiny: IndexRuntime) -> None:
    watch = Stopwatch()
    found = semantic(tiny, [1.0, 0.0, 0.0]).retrieve(watch)
    assert found.keyword is None and found.semantic is not None
    assert ids(tiny, [c.iid for c in found.semantic]) == [1, 2, 5]
    first = found.semantic[0]
    assert first.semantic and first.similarity == first.score == pytest.approx(1.0)
    scores = [c.score for c in found.semantic]
    assert scores == sorted(scores, reverse=True)
    # a user can page to exactly the neighbours
    assert found.total == 3 and tiny.lexical.count(found.universe) == 3
    assert list(watch.marks) == ["semantic"]


def test_only_documents_in_the_filter_are_neighbours(tiny: IndexRuntime) -> None:
    found = semantic(tiny, [1.0, 0.0, 0.0], k=5, flt="color = red").retrieve(Stopwatch())
    assert found.semantic is not None
    assert ids(tiny, [c.iid for c in found.semantic]) == [1, 5, 3]
    assert semantic(tiny, [1.0, 0.0, 0.0], flt="color = purple").candidates() == []


def test_without_vector_or_text_nothing_is_searched(tiny: IndexRuntime) -> None:
    assert semantic(tiny, None).candidates() == []


def test_vector_dimensions_and_embedder_are_checked(tiny: IndexRuntime) -> None:
    with pytest.raises(SoukError) as error:
        semantic(tiny, [1.0, 0.0]).candidates()
    assert error.value.code == "invalid_vector_dimensions"
    unknown = SemanticRetrieval(tiny, None, embedder="nope", vector=[1.0, 0.0, 0.0], text=None, k=3)
    with pytest.raises(SoukError) as error:
        unknown.candidates()
    assert error.value.code == "invalid_search_embedder"


def test_id_query_keeps_the_filter(tiny: IndexRuntime) -> None:
    by_id = iids(tiny)
    everything = [by_id[1], by_id[2], by_id[3]]
    assert tiny.lexical.count(id_query(tiny.lexical, everything, None)) == 3
    red = tiny.compile_filter("color = red")
    assert tiny.lexical.count(id_query(tiny.lexical, everything, red)) == 2
    assert tiny.lexical.count(id_query(tiny.lexical, [], None)) == 0
