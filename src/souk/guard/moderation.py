"""Input moderation: abusive or hateful messages are refused before they reach the assistant.

English: ``alt-profanity-check`` (a linear model over character n-grams that ships its weights;
sub-millisecond) plus a short word list; Chinese and mixed text: word lists in ``lists/``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources

PROFANITY_THRESHOLD = 0.85


@dataclass(frozen=True)
class ModerationResult:
    flagged: bool
    rule: str | None = None
    score: float = 0.0
    matched: str | None = None


@cache
def _word_list(name: str) -> tuple[str, ...]:
    text = (
        resources.files("souk.guard").joinpath("lists").joinpath(name).read_text(encoding="utf-8")
    )
    return tuple(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def _english_model() -> object:
    with warnings.catch_warnings():  # pickled with another scikit-learn patch release
        warnings.simplefilter("ignore")
        from profanity_check import predict_prob

    return predict_prob


def moderate(text: str, *, threshold: float = PROFANITY_THRESHOLD) -> ModerationResult:
    lowered = text.lower()
    compact = re.sub(r"\s+", "", lowered)
    for word in _word_list("abuse_zh.txt"):
        if (word.isascii() and re.search(rf"\b{re.escape(word)}\b", lowered)) or (
            not word.isascii() and word in compact
        ):
            return ModerationResult(True, "abuse_zh", 1.0, word)
    for phrase in _word_list("abuse_en.txt"):
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            return ModerationResult(True, "abuse_en", 1.0, phrase)
    if re.search(r"[A-Za-z]{2,}", text):
        predict = _english_model()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            score = float(predict([text])[0])  # type: ignore[operator]
        if score >= threshold:
            return ModerationResult(True, "profanity_model", score)
        return ModerationResult(False, None, score)
    return ModerationResult(False)
