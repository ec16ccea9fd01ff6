"""Stemming, index terms, query analysis and stop word removal."""

from __future__ import annotations

import threading

import pytest

from souk.text.analyzer import QueryTerm, analyze_query, index_terms, stem
from souk.text.stopwords import ENGLISH_STOPWORDS, normalize_stop_words, remove_stopwords


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("running", "run"),
        ("shoes", "shoe"),
        ("dresses", "dress"),
        ("mens", "men"),
        ("run", "run"),
        ("耐克", "耐克"),
        ("跑步鞋", "跑步鞋"),
        ("42", "42"),
        ("1.5", "1.5"),
        ("usb3", "usb3"),
        ("ωμεγα", "ωμεγα"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stem_is_consistent_across_threads() -> None:
    words = ["running", "shoes", "jackets", "breathable", "comfortable"] * 200
    expected = [stem(word) for word in words]
    stem.cache_clear()
    results: list[list[str]] = []

    def work() -> None:
        results.append([stem(word) for word in words])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_index_terms_repeat_surface_then_stem() -> None:
    assert index_terms("Running Shoes, red") == ["running", "run", "shoes", "shoe", "red"]


def test_index_terms_include_chinese_sub_words() -> None:
    terms = index_terms("中国农业发展银行")
    assert {"中国", "农业", "发展", "银行", "农业发展银行"} <= set(terms)


@pytest.mark.parametrize(
    "text",
    [
        "Men's T-Shirt\t1.5 kg\n\u00a0size 10½",
        "ＮＩＫＥ　Ａｉｒ，中国农业发展银行（北京）\u3000跑步鞋",
        "soft\u00adware a\u200bb \u2028 line\u2029para",
        "Café crème brûlée — naïve façade",
    ],
)
def test_index_terms_never_contain_whitespace(text: str) -> None:
    terms = index_terms(text)
    assert terms
    assert all(term and not any(ch.isspace() for ch in term) for term in terms)
    # Joining and re-splitting (what tantivy's whitespace tokenizer does) is lossless.
    assert " ".join(terms).split() == terms


def test_analyze_query_plain() -> None:
    assert analyze_query("Red running-shoes!") == [
        QueryTerm("red", "red", False, 0, False),
        QueryTerm("running", "run", False, 1, False),
        QueryTerm("shoes", "shoe", False, 2, False),
    ]


def test_analyze_query_quoted_phrase() -> None:
    terms = analyze_query('red "Running Shoes" men')
    assert [(t.text, t.position, t.quoted) for t in terms] == [
        ("red", 0, False),
        ("running", 1, True),
        ("shoes", 2, True),
        ("men", 3, False),
    ]


def test_analyze_query_unclosed_quote_runs_to_the_end() -> None:
    terms = analyze_query('shoes "trail running')
    assert [(t.text, t.quoted) for t in terms] == [
        ("shoes", False),
        ("trail", True),
        ("running", True),
    ]


def test_analyze_query_curly_and_full_width_quotes() -> None:
    for query in ("“trail running” shoes", "＂trail running＂ shoes"):
        assert [(t.text, t.quoted) for t in analyze_query(query)] == [
            ("trail", True),
            ("running", True),
            ("shoes", False),
        ]


def test_analyze_query_chinese_uses_precise_mode() -> None:
    terms = analyze_query("Nike耐克跑步鞋 中国农业发展银行")
    assert [(t.text, t.cjk, t.position) for t in terms] == [
        ("nike", False, 0),
        ("耐克", True, 1),
        ("跑步", True, 2),
        ("鞋", True, 3),
        ("中国", True, 4),
        ("农业发展银行", True, 5),
    ]
    assert all(t.stem == t.text for t in terms if t.cjk)


def test_analyze_query_drops_punctuation() -> None:
    assert analyze_query("!!! -- ??? ,,,") == []
    assert analyze_query('""') == []
    assert [t.text for t in analyze_query("shoes ... !!")] == ["shoes"]


# -- stop words (souk.text.stopwords) --


def test_english_list_is_small_folded_and_keeps_meaningful_words() -> None:
    assert 100 <= len(ENGLISH_STOPWORDS) <= 140
    assert {"the", "a", "and", "of", "for", "with"} <= ENGLISH_STOPWORDS
    assert normalize_stop_words(ENGLISH_STOPWORDS) == ENGLISH_STOPWORDS
    assert not {"no", "not", "up", "off", "new", "free"} & ENGLISH_STOPWORDS


def test_removes_stop_words_and_keeps_positions() -> None:
    terms = remove_stopwords(analyze_query("shoes for the beach"), ENGLISH_STOPWORDS)
    assert [(t.text, t.position) for t in terms] == [("shoes", 0), ("beach", 3)]


def test_removes_inside_phrases_too() -> None:
    terms = remove_stopwords(analyze_query('"lord of the rings"'), ENGLISH_STOPWORDS)
    assert [(t.text, t.position, t.quoted) for t in terms] == [
        ("lord", 0, True),
        ("rings", 3, True),
    ]


def test_never_removes_all_terms() -> None:
    query = analyze_query("to be or not to be")
    assert remove_stopwords(query, frozenset({"to", "be", "or", "not"})) == query
    assert remove_stopwords(analyze_query("the"), ENGLISH_STOPWORDS) == analyze_query("the")


def test_empty_inputs() -> None:
    assert remove_stopwords([], ENGLISH_STOPWORDS) == []
    query = analyze_query("the shoes")
    assert remove_stopwords(query, frozenset()) == query


def test_normalize_user_stop_words() -> None:
    words = normalize_stop_words(["The", " ÉTÉ ", "", "  "])
    assert words == frozenset({"the", "ete"})
    terms = remove_stopwords(analyze_query("Été shoes"), words)
    assert [t.text for t in terms] == ["shoes"]
