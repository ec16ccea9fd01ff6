"""Tokenisation of searchable text (English, other alphabetic scripts and Chinese).

tantivy's Python bindings cannot call jieba, so souk tokenises every searchable value here and
hands tantivy space-joined tokens (its ``whitespace`` tokenizer). Query terms go through the same
code, so documents and queries always agree on what a token is.

Pipeline:

1. **Fold** every character on its own: :func:`~souk.text.normalize.normalize_text` (NFKC +
   casefold), then Latin/Greek/Cyrillic diacritics (U+0300–U+036F) are stripped
   (``café`` → ``cafe``), a few letters without a decomposition are spelled out (``ø`` → ``o``,
   ``æ`` → ``ae``), typographic apostrophes/quotes/fraction slashes become ASCII, and invisible
   format characters (soft hyphen, ZWJ, variation selectors) disappear. Folding per character
   (rather than the whole string) is what lets every folded character point back at the
   original character it came from, so token spans can be used for highlighting.
2. **Split** the folded string with one pre-compiled regex into Han runs and word runs.
   Word runs are letters/digits; ``.`` and ``/`` stay inside a token only between two digits
   (``1.5``, ``1/2``, ``usb3.0``), apostrophes between two letters are removed and the halves
   joined (``men's`` → ``mens``, ``don't`` → ``dont``: the stemmer then maps ``mens`` to
   ``men``), and hyphens split (``t-shirt`` → ``t``, ``shirt``).
3. **Segment** Han runs with jieba: precise mode, or search mode which also yields the
   dictionary sub-words of long words (``中国农业发展银行`` → ``中国``, ``农业``, …).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from souk.text.normalize import normalize_text

__all__ = [
    "HAN_CHARS",
    "MAX_TOKEN_LENGTH",
    "Token",
    "fold_text",
    "is_cjk",
    "iter_folded_tokens",
    "tokenize",
]

# Han ideographs: 〇, Extension A, the basic block, compatibility ideographs (NFKC maps most of
# them to the basic block anyway) and planes 2-3 (Extensions B-H).
HAN_CHARS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"

#: Tokens longer than this (in characters) are dropped: they are never real words (base64,
#: hashes, URLs without separators) and would only bloat the index.
MAX_TOKEN_LENGTH = 128

_WORD = rf"[^\W_{HAN_CHARS}]"  # a letter or digit that is not Han
_LETTER = rf"[^\W\d_{HAN_CHARS}]"
_TOKEN_RE = re.compile(
    rf"(?P<han>[{HAN_CHARS}]+)"
    rf"|{_WORD}+(?:(?:(?<=\d)[./](?=\d)|(?<={_LETTER})'(?={_LETTER})){_WORD}+)*"
)
_HAN_RE = re.compile(f"[{HAN_CHARS}]")
_DIACRITICS_RE = re.compile("[\u0300-\u036f]+")

# Letters with no canonical decomposition that users nonetheless type without the mark, and
# punctuation variants that the tokenizer must see in their ASCII form.
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2044": "/",
        "\u2215": "/",
    }
)


def _fold_char(ch: str) -> str:
    """The folded form of one character: usually one character, sometimes zero or several."""
    if ch.isspace() or ch == "\u200b":  # zero-width space separates words like a space
        return " "
    category = unicodedata.category(ch)
    if category == "Cf" or ("\ufe00" <= ch <= "\ufe0f") or ("\U000e0100" <= ch <= "\U000e01ef"):
        return ""  # soft hyphen, joiners, BOM, variation selectors: invisible, not separators
    folded = normalize_text(ch)
    if folded.isascii():
        return folded
    if not folded:  # e.g. a spacing accent whose NFKC form is " " + mark
        return " "
    decomposed = _DIACRITICS_RE.sub("", unicodedata.normalize("NFD", folded))
    return unicodedata.normalize("NFC", decomposed).translate(_SPECIAL)


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds code points on first sight and caches the result.

    ``dict.__missing__`` lets ``str.translate`` stay in C for every character seen before.
    Concurrent fills are harmless: every thread computes the same value.
    """

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


class _NonUnitTable(dict[int, str | None]):
    """Deletes characters that fold to exactly one character, keeps the others.

    ``text.translate(_NON_UNIT) == ""`` therefore proves that folded offsets equal original
    offsets, which spares the per-character offset map for almost all text.
    """

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        kept = None if len(_FOLD[code]) == 1 else ch
        self[code] = kept
        return kept


_FOLD = _FoldTable()
_NON_UNIT = _NonUnitTable()


def fold_text(text: str) -> str:
    """Fold ``text`` exactly as token texts are folded (see the module docstring).

    Use it to normalise user-supplied word lists (stop words, typo exceptions) so they compare
    equal to token texts. Unlike :func:`normalize_text` it does not trim.
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


def is_cjk(term: str) -> bool:
    """Whether ``term`` contains a Han ideograph."""
    return _HAN_RE.search(term) is not None


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a searchable text.

    ``text`` is the folded surface form; ``start``/``end`` are character offsets into the
    *original* string (``original[start:end]`` is what to highlight); ``cjk`` marks Han tokens.
    """

    text: str
    start: int
    end: int
    cjk: bool


# -- jieba ------------------------------------------------------------------------------------

_jieba_lock = threading.Lock()
_jieba_tokenizer: Any = None


def _jieba() -> Any:
    """The process-wide jieba tokenizer, imported and loaded on first use (~0.6 s), quietly."""
    global _jieba_tokenizer
    tokenizer = _jieba_tokenizer
    if tokenizer is None:
        with _jieba_lock:
            tokenizer = _jieba_tokenizer
            if tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.dt
                tokenizer.initialize()
                _jieba_tokenizer = tokenizer
    return tokenizer


def _segment_han(run: str, search_mode: bool) -> Iterator[tuple[str, int, int]]:
    """jieba tokens of a pure-Han ``run`` as ``(word, start, end)`` relative to the run."""
    if len(run) == 1:
        yield run, 0, 1
        return
    mode = "search" if search_mode else "default"
    for word, start, end in _jieba().tokenize(run, mode=mode, HMM=True):
        yield str(word), int(start), int(end)


# -- tokenisation -----------------------------------------------------------------------------


def iter_folded_tokens(folded: str, search_mode: bool) -> Iterator[tuple[str, int, int, bool]]:
    """Tokens of an already folded string as ``(text, start, end, cjk)`` in folded offsets.

    The allocation-light core shared by :func:`tokenize` and the index/query analysers.
    """
    for match in _TOKEN_RE.finditer(folded):
        start, end = match.span()
        if match.lastgroup == "han":
            for word, word_start, word_end in _segment_han(match.group(), search_mode):
                yield word, start + word_start, start + word_end, True
        else:
            word = match.group()
            if "'" in word:
                word = word.replace("'", "")
            if len(word) <= MAX_TOKEN_LENGTH:
                yield word, start, end, False


def _offset_map(text: str) -> tuple[list[int], list[int]] | None:
    """For each folded character, the original ``(start, end)``; ``None`` if they coincide.

    Characters that fold to nothing (combining accents, soft hyphens) are absorbed into the
    span of the preceding character, so a highlighted ``cafe\u0301`` includes its accent.
    """
    if text.isascii() or not text.translate(_NON_UNIT):
        return None
    starts: list[int] = []
    ends: list[int] = []
    for index, ch in enumerate(text):
        width = len(_FOLD[ord(ch)])
        if width == 1:
            starts.append(index)
            ends.append(index + 1)
        elif width == 0:
            if ends:
                ends[-1] = index + 1
        else:
            starts.extend([index] * width)
            ends.extend([index + 1] * width)
    return starts, ends


def tokenize(text: str, *, search_mode: bool = False) -> list[Token]:
    """Split ``text`` into folded tokens whose spans point into ``text`` itself.

    With ``search_mode`` Han words longer than two characters also yield their dictionary
    sub-words (each with the span of the characters it covers), before the whole word.
    """
    folded = fold_text(text)
    offsets = _offset_map(text)
    if offsets is None:
        return [Token(*parts) for parts in iter_folded_tokens(folded, search_mode)]
    starts, ends = offsets
    return [
        Token(word, starts[start], ends[end - 1], cjk)
        for word, start, end, cjk in iter_folded_tokens(folded, search_mode)
    ]
