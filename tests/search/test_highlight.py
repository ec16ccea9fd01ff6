"""Meilisearch-style highlighting, cropping and match positions of search hits."""

from __future__ import annotations

from typing import Any

import pytest

from souk.search.highlight import MatchSpec, format_hit, format_text, typo_distance
from souk.text.analyzer import analyze_query
from souk.text.typos import TypoRules

SENTENCE = (
    "Natalie risk her future to build a world with the boy she loves. "
    "Emily Henry: The Love That Split The World."
)


def spec(query: str, *, prefix: bool = True, synonyms: tuple[str, ...] = ()) -> MatchSpec:
    return MatchSpec(analyze_query(query), prefix, TypoRules(), synonyms)


def highlight(text: str, query: str, *, prefix: bool = True, **options: Any) -> str:
    return format_text(text, spec(query, prefix=prefix), **options)


# -- matching -------------------------------------------------------------------------------------


def test_typo_distance_counts_transpositions_as_one() -> None:
    assert typo_distance("runing", "running", 1) == 1
    assert typo_distance("shose", "shoes", 1) == 1  # swapped letters
    assert typo_distance("abcdef", "ab", 2) == 3  # capped at bound + 1
    assert typo_distance("same", "same", 0) == 0


def test_typo_highlights_whole_word() -> None:
    assert highlight("Running shoes for men", "runing") == "<em>Running</em> shoes for men"


def test_short_terms_allow_no_typo() -> None:
    # "shoo" has 4 characters: below minWordSizeForTypos.oneTypo, so "shop" must not match.
    assert highlight("shop now", "shoo", prefix=False) == "shop now"


def test_prefix_highlights_only_typed_part() -> None:
    assert highlight("Running shoes for men", "sho") == "Running <em>sho</em>es for men"
    # Not the last word, or no prefix search: no prefix match.
    assert highlight("Running shoes", "sho men") == "Running shoes"
    assert highlight("Running shoes", "sho", prefix=False) == "Running shoes"


def test_prefix_is_mapped_back_through_diacritics() -> None:
    assert highlight("Ŵôřlḑôle", "world") == "<em>Ŵôřlḑ</em>ôle"
    assert highlight("Westfália", "westfali") == "<em>Westfáli</em>a"


def test_stem_matches_both_ways() -> None:
    assert highlight("A red shoe", "shoes") == "A red <em>shoe</em>"
    assert highlight("Two pairs of shoes", "shoe", prefix=False) == "Two pairs of <em>shoes</em>"


def test_quoted_phrase_is_one_span_and_not_fuzzy() -> None:
    text = "the do or die, he do and or"
    assert highlight(text, '"do or"') == "the <em>do or</em> die, he do and or"
    assert highlight("runing late", '"running"') == "runing late"


def test_chinese_term_inside_jieba_word() -> None:
    assert highlight("红色连衣裙 夏季", "红色") == "<em>红色</em>连衣裙 夏季"
    assert highlight("红色连衣裙 夏季", "夏季 红色") == "<em>红色</em>连衣裙 <em>夏季</em>"


def test_mixed_chinese_and_english() -> None:
    text = "Summer dress 红色连衣裙 cotton"
    assert highlight(text, "红色 dress") == "Summer <em>dress</em> <em>红色</em>连衣裙 cotton"


def test_synonyms_count_as_matches() -> None:
    options = spec("sneakers", synonyms=("trainers", "running shoes"))
    assert format_text("New trainers", options) == "New <em>trainers</em>"
    assert format_text("Our running shoes", options) == "Our <em>running shoes</em>"


def test_custom_tags_and_original_case_kept() -> None:
    text = "CAFÉ Latte"
    assert highlight(text, "cafe", prefix=False, pre_tag="[", post_tag="]") == "[CAFÉ] Latte"


def test_no_match_returns_text_unchanged() -> None:
    assert highlight("Blue jeans", "shirt") == "Blue jeans"
    assert highlight("", "shirt") == ""
    assert highlight(":-)", "shirt") == ":-)"


# -- cropping -------------------------------------------------------------------------------------


def test_crop_keeps_best_window_and_marks_start() -> None:
    result = highlight(SENTENCE, "split the world", prefix=False, crop_length=10)
    assert result == (
        "…she loves. Emily Henry: <em>The</em> Love That <em>Split</em> <em>The</em> "
        "<em>World</em>."
    )


def test_crop_markers_on_both_sides() -> None:
    text = (
        "The groundbreaking invention had the power to split the world between those who "
        "embraced progress and those who resisted change!"
    )
    result = highlight(text, '"the world"', crop_length=10)
    assert result == "…the power to split <em>the world</em> between those who embraced…"


def test_crop_prefers_ordered_group_over_earlier_one() -> None:
    text = "The world split void void void void void void void void void split the world void void"
    result = highlight(text, "split the world", prefix=False, crop_length=10, highlight=False)
    assert result == "…void void void void void split the world void void"


def test_crop_without_match_keeps_first_words() -> None:
    text = "(A quick brown fox can not jump 32 feet, right? Brr, it is cold!)"
    result = highlight(text, "split", crop_length=10, crop_marker="...")
    assert result == "(A quick brown fox can not jump 32 feet, right..."


def test_crop_shorter_text_or_zero_length_is_whole() -> None:
    text = "void void split the world void void."
    assert highlight(text, "world", crop_length=10, highlight=False) == text
    assert highlight(text, "world", crop_length=0, highlight=False) == text
    assert highlight(text, "split the world", crop_length=2, highlight=False) == "…split the…"


def test_crop_counts_chinese_words() -> None:
    text = "夏季新款 红色连衣裙 女装 修身 显瘦 长裙"
    result = highlight(text, "红色", crop_length=3)
    assert "<em>红色</em>" in result
    assert result.startswith("…") and result.endswith("…")


# -- documents ------------------------------------------------------------------------------------

DOC: dict[str, Any] = {
    "id": 7,
    "title": "Running shoes",
    "description": (
        "Light and breathable trail runners with a grippy sole, built for long running days "
        "on rocky mountain paths and muddy forest tracks"
    ),
    "price": 3.5,
    "in_stock": True,
    "brand": None,
    "specs": {"material": "mesh upper", "weight": 250, "sizes": ["running 42", "43"]},
    "tags": ["trail", "running shoes"],
}


def test_formatted_contains_all_displayed_attributes() -> None:
    formatted, positions = format_hit(DOC, spec("running"), highlight=["title"], crop=None)
    assert positions is None
    assert formatted is not None
    assert formatted["title"] == "<em>Running</em> shoes"
    assert formatted["description"] == DOC["description"]  # not requested: copied
    assert formatted["tags"] == DOC["tags"]
    # numbers become strings, booleans and null are copied
    assert formatted["id"] == "7"
    assert formatted["price"] == "3.5"
    assert formatted["specs"]["weight"] == "250"
    assert formatted["in_stock"] is True
    assert formatted["brand"] is None


def test_no_formatted_without_highlight_or_crop() -> None:
    assert format_hit(DOC, spec("running"), highlight=None, crop=None) == (None, None)
    assert format_hit(DOC, spec("running"), highlight=[], crop=[]) == (None, None)


def test_highlight_star_reaches_nested_objects_arrays_and_numbers() -> None:
    formatted, _ = format_hit(DOC, spec("running 25"), highlight=["*"], crop=None)
    assert formatted is not None
    assert formatted["specs"]["sizes"] == ["<em>running</em> 42", "43"]
    assert formatted["tags"] == ["trail", "<em>running</em> shoes"]
    assert formatted["specs"]["weight"] == "<em>25</em>0"  # prefix of a number


def test_highlight_on_parent_covers_children() -> None:
    formatted, _ = format_hit(DOC, spec("mesh"), highlight=["specs"], crop=None)
    assert formatted is not None
    assert formatted["specs"]["material"] == "<em>mesh</em> upper"


def test_per_attribute_crop_length_and_combined_highlight() -> None:
    formatted, _ = format_hit(
        DOC,
        spec("rocky"),
        highlight=["description"],
        crop=["description:5", "title"],
        crop_length=1,
    )
    assert formatted is not None
    assert formatted["description"] == "…days on <em>rocky</em> mountain paths…"
    assert formatted["title"] == "Running…"  # cropped to the global crop_length, no highlight


def test_displayed_restricts_formatted() -> None:
    formatted, _ = format_hit(
        DOC,
        spec("mesh"),
        highlight=["*"],
        crop=None,
        displayed=["title", "specs.material"],
    )
    assert formatted == {"title": "Running shoes", "specs": {"material": "<em>mesh</em> upper"}}


def test_highlighting_a_hidden_attribute_gives_no_formatted() -> None:
    formatted, _ = format_hit(DOC, spec("mesh"), highlight=["specs"], crop=None, displayed=["id"])
    assert formatted is None


def test_matches_position_uses_utf8_bytes() -> None:
    doc = {"title": "Café crème shoes", "name": "红色连衣裙", "n": 42}
    formatted, positions = format_hit(
        doc, spec("shoes 红色 42"), highlight=None, crop=None, show_matches_position=True
    )
    assert formatted is None
    # "Café crème " is 11 characters but 13 UTF-8 bytes.
    assert positions == {
        "title": [{"start": 13, "length": 5}],
        "name": [{"start": 0, "length": 6}],
        "n": [{"start": 0, "length": 2}],
    }
    assert "Café crème shoes".encode()[13:18] == b"shoes"


def test_matches_position_of_nested_paths_and_arrays() -> None:
    _, positions = format_hit(
        DOC, spec("running"), highlight=["title"], crop=None, show_matches_position=True
    )
    assert positions is not None
    assert positions["title"] == [{"start": 0, "length": 7}]
    assert positions["specs.sizes"] == [{"start": 0, "length": 7, "indices": [0]}]
    assert positions["tags"] == [{"start": 0, "length": 7, "indices": [1]}]
    assert positions["description"] == [{"start": DOC["description"].index("running"), "length": 7}]


def test_matches_position_of_prefix_is_prefix_length() -> None:
    _, positions = format_hit(
        {"t": "Grüße"}, spec("gru"), highlight=None, crop=None, show_matches_position=True
    )
    assert positions == {"t": [{"start": 0, "length": 4}]}  # "Grü": ü is two bytes


def test_matches_position_empty_when_nothing_matches() -> None:
    _, positions = format_hit(
        DOC, spec("zzzz"), highlight=None, crop=None, show_matches_position=True
    )
    assert positions == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.0, "1.0"), (1e16, "1e16"), (1.5e-7, "1.5e-7"), (1e-5, "0.00001"), (-2, "-2")],
)
def test_numbers_print_like_meilisearch(value: float, expected: str) -> None:
    formatted, _ = format_hit({"v": value}, spec("x"), highlight=["*"], crop=None)
    assert formatted == {"v": expected}
