"""What the shopper is looking for, carried across the turns of one conversation.

Each user message is read with query understanding (filters and sort from the index's own facet
values); a message that only refines ("cheaper ones", "in blue", "便宜一点的", "要蓝色的") keeps
the earlier product words and merges its filters; a message with new product words starts a new
search. "Cheaper"/"more expensive" are relative to the products shown last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from souk.search.understand import understand
from souk.search.understand.vocabulary import IndexVocabulary

_CHEAPER = re.compile(
    r"\b(cheaper|less expensive|lower price|more affordable|budget)\b|便宜|实惠|低一点|价格低", re.I
)
_PRICIER = re.compile(
    r"\b(more expensive|pricier|higher end|premium|better quality)\b|贵一点|更贵|高端|好一点的",
    re.I,
)
_REFINE_WORDS = frozenset(
    [
        "ones",
        "one",
        "any",
        "something",
        "those",
        "them",
        "these",
        "it",
        "instead",
        "please",
        "show",
        "me",
        "only",
        "just",
        "what",
        "about",
        "how",
        "about",
        "and",
        "also",
        "in",
        "with",
        "a",
        "an",
        "the",
        "some",
        "other",
        "another",
        "do",
        "you",
        "have",
        "got",
        "is",
        "there",
        "are",
        "there",
        "options",
        "option",
        "version",
        "versions",
        "colour",
        "color",
        "size",
        "style",
        "available",
        "find",
        "的",
        "一点",
        "一些",
        "有没有",
        "还有",
        "要",
        "换",
        "换成",
        "那",
        "那些",
        "这些",
        "呢",
        "吗",
        "其他",
        "别的",
        "款",
        "个",
        "件",
        "双",
        "给我",
        "看看",
        "我",
        "想",
        "找",
        "只",
        "要求",
    ]
)


_CHATTER_EN = re.compile(
    r"\b(do|does|you|your|have|has|got|i|i'm|im|me|my|we|want|need|would|like|looking|look|for|find|show|search|get|buy|please|can|could|any|some|a|an|the|is|are|it|it's|its|there|right|ok|okay|hi|hello|thanks|email|phone|number|address|call|at|to|with|what|which|about|how|recommend|suggest|good|nice|one|ones)\b",
    re.IGNORECASE,
)
_CHATTER_ZH = re.compile(
    r"我想要|我想买|我要|我想|帮我找|帮我|给我|有没有|请问|推荐|一下|一个|一件|一双|吗|呢|吧|啊|的|找|买|看看|我的|邮箱|手机|电话"
)
_PLACEHOLDER = re.compile(r"\[(EMAIL|PHONE|ID|CARD)\]", re.IGNORECASE)


def product_words(text: str) -> str:
    """The words of a query that can name a product (conversation and redactions removed)."""
    text = _PLACEHOLDER.sub(" ", text)
    text = _CHATTER_ZH.sub(" ", text)
    text = _CHATTER_EN.sub(" ", text)
    text = re.sub(r"[?？!！,，.。:：;；\"“”'‘’]", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Slots:
    query: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # attribute → filter expression
    sort: tuple[str, ...] = ()

    @property
    def filter_expressions(self) -> list[str]:
        return list(self.filters.values())

    def describe(self) -> str:
        parts = [self.query] if self.query else []
        parts += self.filter_expressions
        return " · ".join(parts)


def _residual_words(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]", text.lower())
    joined = text.lower()
    out = []
    for word in words:
        if word in _REFINE_WORDS:
            continue
        out.append(word)
    # Chinese refinement phrases are multi-character: drop them as a whole
    for phrase in ("一点", "有没有", "还有", "那些", "这些", "其他", "别的", "给我", "看看"):
        if phrase in joined:
            out = [w for w in out if w not in phrase]
    return out


def update_slots(
    previous: Slots,
    text: str,
    vocabulary: IndexVocabulary,
    shown_prices: list[float] | None = None,
) -> Slots:
    """The slots after one more user message."""
    understood = understand(text, vocabulary)
    found = {f.attribute: f.expression for f in understood.filters if f.applied}
    rest = re.sub(f"{_CHEAPER.pattern}|{_PRICIER.pattern}", " ", understood.query, flags=re.I)
    rest = product_words(rest)
    residual = _residual_words(rest)
    cheaper, pricier = bool(_CHEAPER.search(text)), bool(_PRICIER.search(text))
    refinement = bool(previous.query) and (not residual or (not found and (cheaper or pricier)))
    if refinement:
        slots = replace(previous, filters={**previous.filters, **found})
    else:
        slots = Slots(query=rest or previous.query, filters=found)
    if understood.sort_expressions:
        slots = replace(slots, sort=tuple(understood.sort_expressions))
    if shown_prices and (cheaper or pricier) and "price" not in found:
        bound = min(shown_prices) if cheaper else max(shown_prices)
        expression = f"price < {bound:g}" if cheaper else f"price > {bound:g}"
        slots = replace(slots, filters={**slots.filters, "price": expression})
    return slots
