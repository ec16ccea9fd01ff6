"""Prompt-injection and jailbreak detection for shoppers' messages (and catalog text).

Rules first (English and Chinese patterns for overriding instructions, extracting the system
prompt, role-play jailbreaks), then ``prompt-guardrail``'s classifier (TF-IDF + logistic
regression, English-trained) for what the rules miss. Catalog text is never obeyed anyway — the
assistant passes it to the model as quoted data — but descriptions that look like instructions
are flagged so they can be reviewed and are stripped from what the model sees.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache

CLASSIFIER_THRESHOLD = 0.90

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "override_instructions",
            r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(previous|prior|above|earlier|all|your|the)\b.{0,30}\b(instructions?|rules?|prompts?|guidelines?|directives?|polic(y|ies))",
        ),
        (
            "system_prompt",
            r"\b(system|hidden|initial|original|developer)\s+(prompt|message|instructions?)\b",
        ),
        (
            "reveal_prompt",
            r"\b(reveal|show|print|repeat|output|tell me|leak|display)\b.{0,30}\b(your (prompt|instructions?|rules|configuration)|the ((system|hidden|initial|original) )?prompt|the (system|hidden|initial|original) instructions?)",
        ),
        (
            "jailbreak_persona",
            r"\b(DAN|do anything now|developer mode|jailbreak|jailbroken|god mode|unfiltered mode)\b",
        ),
        (
            "role_override",
            r"\b(you are now (a|an|the|no longer|free|unrestricted)|from now on,? you (are|will|must)|(act|behave) as (an? )?(unrestricted|unfiltered|uncensored|evil|different|new) |pretend (to be|you are) (an? )?(ai|assistant|model|system|admin|developer|unrestricted|human)|roleplay as)",
        ),
        (
            "ask_instructions",
            r"\bwhat (are|were|is) your (initial |original |system |hidden )?(instructions?|rules|prompt)\b",
        ),
        (
            "repeat_above",
            r"\b(repeat|print|copy|output)\b.{0,20}\b(text|words|everything|all|message)s?\b.{0,10}\b(above|before|so far)\b|starting with .?you are",
        ),
        ("new_instructions", r"\b(new|updated) (instructions?|rules?|task)\s*:"),
        (
            "prompt_markup",
            r"(<\|?(system|im_start|im_end)\|?>|\[/?(INST|SYS)\]|###\s*(system|instruction))",
        ),
        (
            "zh_override",
            r"(忽略|无视|忘记|忘掉|不要理会|绕过).{0,12}(之前|以上|上面|先前|所有|全部|你的)?.{0,6}(指令|指示|规则|提示|设定|要求)",
        ),
        ("zh_system_prompt", r"(系统提示|系统指令|系统消息|初始指令|隐藏指令|提示词)"),
        ("zh_role_override", r"(你现在是|从现在开始你|扮演|假装你是|你不再是)"),
        ("zh_jailbreak", r"(越狱|开发者模式|无限制模式|解除限制|没有任何限制)"),
        (
            "zh_reveal",
            r"(告诉我|输出|打印|显示|泄露|重复).{0,8}(你的|你收到的)?(指令|提示|设定|规则)",
        ),
        ("zh_dump", r"(指令|提示词|设定|规则).{0,6}(原样|完整|全部)?(输出|打印|显示|告诉|发)"),
    )
)


@dataclass(frozen=True)
class InjectionResult:
    flagged: bool
    rule: str | None = None
    score: float = 0.0


@cache
def _classifier() -> object:
    with warnings.catch_warnings():  # pickled with another scikit-learn release
        warnings.simplefilter("ignore")
        from guardify.guardrails.logistic_regression import LogisticRegressionGuardrail

        return LogisticRegressionGuardrail()


def detect_injection(text: str, *, use_classifier: bool = True) -> InjectionResult:
    for name, pattern in _RULES:
        if pattern.search(text):
            return InjectionResult(True, name, 1.0)
    if use_classifier and re.search(r"[A-Za-z]{3,}", text):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            verdict = _classifier().predict(text)  # type: ignore[attr-defined]
        score = float(verdict["score"]) if verdict["label"] == "injection" else 0.0
        if score >= CLASSIFIER_THRESHOLD:
            return InjectionResult(True, "injection_classifier", score)
        return InjectionResult(False, None, score)
    return InjectionResult(False)


def neutralise(text: str) -> str:
    """Catalog text as the model may see it: instruction-like sentences replaced by a marker."""
    parts = re.split(r"(?<=[.!?。！？\n])", text)
    kept = [
        p if not detect_injection(p, use_classifier=False).flagged else " (removed) " for p in parts
    ]
    return "".join(kept).strip()
