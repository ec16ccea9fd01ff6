"""Hits: projection of the displayed and retrieved attributes, scores and score details."""

from __future__ import annotations

from typing import Any

from souk.search.candidates import Candidate
from souk.search.request import SearchRequest
from souk.search.respond.hits import format_hits, project, score_details
from souk.search.terms import build_groups

SETTINGS: dict[str, Any] = {"displayedAttributes": ["*"], "typoTolerance": {"enabled": True}}
DOCS: dict[int, dict[str, Any]] = {
    1: {"id": 1, "title": "Red running shoes", "price": 70, "_vectors": {"default": [1.0]}},
    2: {"id": 2, "title": "Blue running shoes", "price": 80},
}


def test_projection_applies_displayed_then_retrieved_and_hides_vectors() -> None:
    doc = DOCS[1]
    assert project(doc, ["*"], None) == {"id": 1, "title": "Red running shoes", "price": 70}
    assert project(doc, ["id", "title"], None) == {"id": 1, "title": "Red running shoes"}
    assert project(doc, ["id", "title"], ["title", "price"]) == {"title": "Red running shoes"}
    assert project(doc, ["*"], ["*"])["price"] == 70


def test_scores_details_and_vectors_on_request() -> None:
    groups = build_groups("red shoes", synonyms={}, stop_words=frozenset())
    request = SearchRequest(
        q="red shoes",
        show_ranking_score=True,
        show_ranking_score_details=True,
        retrieve_vectors=True,
        attributes_to_retrieve=["id"],
    )
    window = [Candidate(1, 0.9876543, matched=2), Candidate(3, 0.5), Candidate(2, 0.4, matched=1)]
    hits = format_hits(window, DOCS, request, groups, SETTINGS)
    assert [h["id"] for h in hits] == [1, 2], "a document gone since retrieval is skipped"
    assert hits[0] == {
        "id": 1,
        "_vectors": {"default": [1.0]},
        "_rankingScore": 0.987654,
        "_rankingScoreDetails": {
            "words": {"order": 0, "matchingWords": 2, "maxMatchingWords": 2, "score": 1.0}
        },
    }
    assert "_formatted" not in hits[0]


def test_highlight_uses_the_query_words() -> None:
    groups = build_groups("shoes", synonyms={}, stop_words=frozenset())
    request = SearchRequest(q="shoes", attributes_to_highlight=["title"])
    hits = format_hits([Candidate(2, 1.0)], DOCS, request, groups, SETTINGS)
    assert hits[0]["_formatted"]["title"] == "Blue running <em>shoes</em>"


def test_score_details_list_the_parts_that_applied_in_order() -> None:
    learned = Candidate(1, 0.8, matched=1, similarity=0.91234567, learned=True)
    assert score_details(learned, 2) == {
        "words": {"order": 0, "matchingWords": 1, "maxMatchingWords": 2, "score": 0.5},
        "ranker": {"order": 1, "model": "learned", "score": 0.8},
        "vectorSort": {"order": 2, "similarity": 0.912346},
    }
    vector_only = Candidate(1, 0.7, True, similarity=0.7)
    assert score_details(vector_only, 0) == {"vectorSort": {"order": 0, "similarity": 0.7}}
