"""Tokenisation: folding, splitting rules, jieba segmentation and spans into the original."""

from __future__ import annotations

import subprocess
import sys

import pytest

from souk.text.tokenize import MAX_TOKEN_LENGTH, Token, fold_text, is_cjk, tokenize


def texts(text: str, *, search_mode: bool = False) -> list[str]:
    return [token.text for token in tokenize(text, search_mode=search_mode)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Red Running Shoes", ["red", "running", "shoes"]),
        ("t-shirt", ["t", "shirt"]),
        ("1.5 kg, 1/2 inch", ["1.5", "kg", "1/2", "inch"]),
        ("usb3.0 cable", ["usb3.0", "cable"]),
        ("ends with a dot 3.5.", ["ends", "with", "a", "dot", "3.5"]),
        ("www.example.com a/b", ["www", "example", "com", "a", "b"]),
        ("men's shoes", ["mens", "shoes"]),
        ("don't rock'n'roll", ["dont", "rocknroll"]),
        ("the 90's", ["the", "90", "s"]),
        ("'quoted' words", ["quoted", "words"]),
        ("snake_case--and...dots", ["snake", "case", "and", "dots"]),
        ("iPhone15 Pro", ["iphone15", "pro"]),
        ("Café ÉCOLE naïve", ["cafe", "ecole", "naive"]),
        ("Straße ﬁle ½", ["strasse", "file", "1/2"]),
        ("Ørsted Æble", ["orsted", "aeble"]),
        ("ＮＩＫＥ　１．５ｋｇ", ["nike", "1.5kg"]),
        ("soft\u00adware a\u200bb", ["software", "a", "b"]),
        ("!!! --- ...", []),
        ("", []),
    ],
)
def test_latin_tokens(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
    assert all(not token.cjk for token in tokenize(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我来到北京清华大学", ["我", "来到", "北京", "清华大学"]),
        ("耐克跑步鞋", ["耐克", "跑步", "鞋"]),
        ("中国农业发展银行", ["中国", "农业发展银行"]),
        ("鞋", ["鞋"]),
    ],
)
def test_chinese_precise_mode(text: str, expected: list[str]) -> None:
    tokens = tokenize(text)
    assert [token.text for token in tokens] == expected
    assert all(token.cjk for token in tokens)


def test_chinese_search_mode_adds_sub_words() -> None:
    tokens = tokenize("中国农业发展银行", search_mode=True)
    words = [token.text for token in tokens]
    assert {"中国", "农业", "发展", "银行"} <= set(words)
    # The sub-words precede the whole word they come from.
    assert words.index("农业") < words.index("农业发展银行")
    farming = tokens[words.index("农业")]
    assert (farming.start, farming.end) == (2, 4)


def test_search_mode_sub_word_spans_cover_their_characters() -> None:
    text = "我来到北京清华大学"
    for token in tokenize(text, search_mode=True):
        assert text[token.start : token.end] == token.text
    assert {"清华", "大学", "清华大学"} <= set(texts(text, search_mode=True))


def test_search_mode_does_not_change_latin_tokens() -> None:
    text = "Lightweight running shoes 1.5kg"
    assert tokenize(text, search_mode=True) == tokenize(text)


def test_mixed_latin_and_chinese() -> None:
    tokens = tokenize("Nike耐克跑步鞋 red")
    assert [(token.text, token.cjk) for token in tokens] == [
        ("nike", False),
        ("耐克", True),
        ("跑步", True),
        ("鞋", True),
        ("red", False),
    ]


def test_digits_next_to_han_split() -> None:
    assert texts("2件套装42码") == ["2", "件", "套装", "42", "码"]


@pytest.mark.parametrize(
    "text",
    [
        "Men's T-Shirt, 1.5kg",
        "Café crème brûlée",
        "ＮＩＫＥ　Ａｉｒ，中国农业发展银行（北京）",
        "Nike耐克跑步鞋 red",
        "Straße ﬁle ½ cup",
    ],
)
def test_spans_map_back_to_original(text: str) -> None:
    for search_mode in (False, True):
        for token in tokenize(text, search_mode=search_mode):
            assert 0 <= token.start < token.end <= len(text)
            # The original slice folds to the token text (apostrophes aside).
            assert fold_text(text[token.start : token.end]).replace("'", "") == token.text


def test_spans_with_full_width_and_accents() -> None:
    text = "ＮＩＫＥ Café，耐克"
    spans = {token.text: text[token.start : token.end] for token in tokenize(text)}
    assert spans == {"nike": "ＮＩＫＥ", "cafe": "Café", "耐克": "耐克"}


def test_spans_when_folding_changes_length() -> None:
    # "ß" -> "ss" and "ﬁ" -> "fi" grow; a decomposed accent shrinks to nothing.
    text = "große ﬁsh cafe\u0301 bar"
    tokens = tokenize(text)
    assert [token.text for token in tokens] == ["grosse", "fish", "cafe", "bar"]
    assert [text[token.start : token.end] for token in tokens] == [
        "große",
        "ﬁsh",
        "cafe\u0301",
        "bar",
    ]


def test_token_is_frozen_value() -> None:
    token = tokenize("shoe")[0]
    assert token == Token("shoe", 0, 4, False)
    with pytest.raises(AttributeError):
        token.text = "boot"  # type: ignore[misc]


def test_overlong_tokens_are_dropped() -> None:
    assert texts("a" * (MAX_TOKEN_LENGTH + 1) + " ok") == ["ok"]
    assert texts("b" * MAX_TOKEN_LENGTH) == ["b" * MAX_TOKEN_LENGTH]


def test_fold_text_and_is_cjk() -> None:
    assert fold_text("Crème BRÛLÉE") == "creme brulee"
    assert fold_text("“quoted”") == '"quoted"'
    assert is_cjk("耐克") and is_cjk("nike耐克")
    assert not is_cjk("nike") and not is_cjk("が")


_FIRST_USE_SCRIPT = """
import sys, threading
from souk.text.tokenize import tokenize
assert "jieba" not in sys.modules, "jieba must load lazily"
results = []
def work():
    results.append([t.text for t in tokenize("这款耐克跑步鞋透气舒适")])
threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(results) == 4 and all(r == results[0] for r in results), results
print(" ".join(results[0]))
"""


def test_jieba_loads_lazily_quietly_and_once_under_threads() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_USE_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.split() == texts("这款耐克跑步鞋透气舒适")
