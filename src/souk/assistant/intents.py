"""What a message asks for: a search (the default), a comparison, one product's details, a
greeting. Rules in English and Chinese; a capable model may override the rules' intent."""

from __future__ import annotations

import re
from enum import StrEnum

from souk.llm.base import ChatModel, LlmError, Message


class Intent(StrEnum):
    SEARCH = "search"
    COMPARE = "compare"
    DETAILS = "details"
    GREETING = "greeting"
    PRICE_CHECK = "price_check"
    RECOMMEND = "recommend"


_COMPARE = re.compile(
    r"\b(which (one )?(is|are) (the )?(lighter|heavier|cheaper|cheapest|better|best|bigger|smaller|warmer|lightest|heaviest)|compare|comparison|difference between|vs\.?|versus|lighter|heavier)\b"
    r"|哪个|哪一个|哪款|比较|对比|区别|更轻|更重|最轻|最重",
    re.IGNORECASE,
)
_DETAILS = re.compile(
    r"\b(tell me more|more about|details|describe|what is the (material|weight|size)|the (first|second|third|last) one)\b"
    r"|详细|介绍一下|第[一二三四五1-5]个|第[一二三四五1-5]款|材质是|多重",
    re.IGNORECASE,
)
_PRICE_CHECK = re.compile(
    r"(\b(right|correct|true|isn't it|is it|really)\b.{0,3}\?|\b(costs?|only|just|price is)\b.{0,20}\d)"
    r"|对吗|是吗|是不是|真的吗|只要|只卖|才\d|\d+\s*(元|块)(吧|吗)",
    re.IGNORECASE,
)
_RECOMMEND = re.compile(
    r"\b(goes? (well )?with|go with|match(es)? (with )?(it|this|that)|pair (it |this )?with|bought together|complete the look|accessor(y|ies)|similar|alternatives?|something like (it|this|that)|like (this|that) one)\b"
    r"|搭配|配什么|一起买|类似|相似|差不多的|同款|替代",
    re.IGNORECASE,
)
_SIMILAR = re.compile(
    r"similar|alternative|like (it|this|that)|类似|相似|差不多|同款|替代", re.IGNORECASE
)
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|thanks|thank you|你好|您好|谢谢|嗨)[\s!.,。！，]*$", re.IGNORECASE
)
ORDINALS = {
    "first": 0,
    "second": 1,
    "third": 2,
    "last": -1,
    "第一": 0,
    "第二": 1,
    "第三": 2,
    "第四": 3,
    "第五": 4,
    "第1": 0,
    "第2": 1,
    "第3": 2,
    "第4": 3,
    "第5": 4,
}

PLAN_SCHEMA = {
    "type": "object",
    "properties": {
        "intent": {"type": "string", "enum": [i.value for i in Intent]},
        "product_words": {"type": "string"},
    },
    "required": ["intent", "product_words"],
}


def rule_intent(text: str, *, has_shown: bool) -> Intent:
    if _GREETING.match(text):
        return Intent.GREETING
    if (
        has_shown
        and _PRICE_CHECK.search(text)
        and re.search(r"\d|price|cost|价|钱|元|块", text, re.I)
    ):
        return Intent.PRICE_CHECK
    if has_shown and _RECOMMEND.search(text):
        return Intent.RECOMMEND
    if has_shown and _COMPARE.search(text):
        return Intent.COMPARE
    if has_shown and _DETAILS.search(text):
        return Intent.DETAILS
    return Intent.SEARCH


def wants_similar(text: str) -> bool:
    """A recommendation request for alternatives (else: what goes with it)."""
    return bool(_SIMILAR.search(text))


def ordinal(text: str) -> int | None:
    lowered = text.lower()
    for word, index in ORDINALS.items():
        if word in lowered:
            return index
    return None


def model_intent(model: ChatModel, text: str, fallback: Intent) -> Intent:
    """Ask a capable model for the intent (JSON-constrained); keep the rules' answer otherwise."""
    if not model.capable:
        return fallback
    try:
        result = model.chat(
            [
                Message(
                    "system",
                    "Classify a shopper's message for a shop assistant. intent: search (find "
                    "products), compare (compare products already shown), details (about one shown "
                    "product), greeting. Reply with JSON only.",
                ),
                Message("user", text),
            ],
            json_schema=PLAN_SCHEMA,
            max_tokens=60,
        )
        import orjson

        value = orjson.loads(result.content).get("intent")
        return Intent(value) if value in {i.value for i in Intent} else fallback
    except (LlmError, ValueError):
        return fallback
