"""Match features: what each one measures, on hand-made query/title pairs."""

from __future__ import annotations

import math

import pytest

from souk.search.rerank.features import (
    FEATURE_NAMES,
    DocumentProfile,
    QueryProfile,
    feature_matrix,
    features,
)


def idf(term: str) -> float:
    return {"bracket": 3.0, "angle": 2.0}.get(term, 1.0)


def row(query: str, title: str, **signals: float | int | None) -> dict[str, float]:
    values = features(
        QueryProfile.of(query, idf),
        DocumentProfile.of(title),
        lexical_score=signals.get("lexical_score"),  # type: ignore[arg-type]
        lexical_best=float(signals.get("lexical_best") or 0.0),
        lexical_rank=signals.get("lexical_rank"),  # type: ignore[arg-type]
        similarity=signals.get("similarity"),  # type: ignore[arg-type]
        similarity_best=signals.get("similarity_best"),  # type: ignore[arg-type]
        semantic_rank=signals.get("semantic_rank"),  # type: ignore[arg-type]
    )
    assert len(values) == len(FEATURE_NAMES)
    return dict(zip(FEATURE_NAMES, values, strict=True))


def test_full_exact_match_covers_everything() -> None:
    f = row("angle bracket", "Simpson Angle Bracket Galvanized")
    assert f["coverage_exact"] == f["coverage_any"] == f["coverage_idf"] == 1.0
    assert f["bigram_share"] == 1.0 and f["in_order"] == 1.0
    assert f["missing_idf_max"] == 0.0
    assert f["query_terms"] == 2 and f["doc_terms"] == 4


def test_missing_rare_word_is_visible() -> None:
    f = row("angle bracket", "Angle Grinder 4-1/2 in.")
    assert f["coverage_any"] == 0.5
    assert f["missing_idf_max"] == 3.0  # "bracket" is the rare word that is missing
    assert f["coverage_idf"] == pytest.approx(2.0 / 5.0)
    assert f["last_term_strength"] == 0.0 and f["first_term_strength"] == 1.0


def test_stems_typos_and_prefixes_count_with_less_strength() -> None:
    assert row("brackets", "angle bracket")["coverage_strength"] == pytest.approx(0.9)
    typo = row("bracekt", "angle bracket")
    assert typo["coverage_any"] == 1.0 and typo["coverage_exact"] == 0.0
    assert typo["coverage_strength"] == pytest.approx(0.6)
    assert row("brack", "angle bracket")["coverage_strength"] == pytest.approx(0.5)


def test_compounds_match_split_or_joined() -> None:
    assert row("deckover", "Behr Deck Over Coating")["coverage_any"] == 1.0
    assert row("deck over", "BEHR Premium DeckOver")["coverage_any"] == 1.0
    assert row("deck over", "BEHR Premium DeckOver")["coverage_strength"] == pytest.approx(0.9)


def test_units_compare_by_their_canonical_spelling() -> None:
    f = row("1/2 inch pipe", "Copper Pipe 1/2 in. x 10 ft.")
    assert f["coverage_exact"] == 1.0
    assert f["query_numbers"] == 1 and f["numbers_matched"] == 1.0
    assert row("12 volt battery", "12V Lithium Battery")["coverage_exact"] == 1.0
    # a single letter is a unit only right after a number
    assert row("a frame", "A-Frame Ladder")["coverage_exact"] == 1.0


def test_numbers_must_match_exactly_not_by_typo() -> None:
    f = row("2x4 stud", "2x6 Stud Lumber")
    assert f["coverage_any"] == 0.5


def test_missing_retrieval_signals_are_nan() -> None:
    f = row("hose", "garden hose")
    for name in ("lexical_score", "lexical_rank", "similarity", "semantic_rank", "similarity_gap"):
        assert math.isnan(f[name])
    g = row(
        "hose",
        "garden hose",
        lexical_score=4.0,
        lexical_best=8.0,
        lexical_rank=3,
        similarity=0.8,
        similarity_best=0.9,
        semantic_rank=1,
    )
    assert g["lexical_score_relative"] == 0.5 and g["lexical_rank"] == 3
    assert g["similarity_gap"] == pytest.approx(0.1) and g["semantic_rank"] == 1


def test_chinese_queries_get_features_too() -> None:
    f = row("红色 连衣裙", "夏季 红色 连衣裙 女")
    assert f["coverage_exact"] == 1.0


def test_feature_matrix_shape() -> None:
    assert feature_matrix([]).shape == (0, len(FEATURE_NAMES))
    one = row("hose", "garden hose")
    assert feature_matrix([list(one.values())]).shape == (1, len(FEATURE_NAMES))
