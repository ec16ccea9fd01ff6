"""What the shopping assistant is for, and the polite refusal for everything else."""

from __future__ import annotations

import re
from collections.abc import Sequence

_OFF_TOPIC = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bwrite (me )?(a |an |some )?(poem|essay|story|song|letter|code|program|script|function|sql|regex)\b",
        r"\b(python|javascript|java|c\+\+|rust|sql|html)\b.{0,20}\b(code|script|function|program)\b",
        r"\b(homework|assignment|exam answers?)\b",
        r"\b(president|prime minister|election|politic(s|al)|government|war in)\b",
        r"\b(weather forecast|lottery|stock price|bitcoin price)\b",
        r"\b(diagnose|diagnosis|prescri(be|ption)|medical advice|legal advice|lawsuit)\b",
        r"\b(hack|crack|exploit|malware|phishing|make a bomb|weapon)\b",
        r"\btranslate (this|the following)\b",
        r"(写|作).{0,10}(诗|作文|文章|小说|代码|程序|脚本|歌词)",
        r"(作业|考试答案|论文)",
        r"(总统|主席|选举|政治|政府|战争)",
        r"(天气预报|彩票|股价|股票|比特币)",
        r"(诊断|处方|医疗建议|法律建议|打官司)",
        r"(黑客|破解|病毒|钓鱼网站|炸弹|武器)",
        r"翻译(一下|这段|以下)",
    )
)

REFUSAL = {
    "en": "Sorry, I can only help with shopping here: finding products, comparing them and "
    "answering questions about them. What are you looking for?",
    "zh": "抱歉，我只能帮您在本店购物：查找商品、比较商品、解答商品相关的问题。您想找什么呢？",
}
ABUSE_REFUSAL = {
    "en": "I'd like to help, but not with that language. Tell me what you are looking for and "
    "I'll find it.",
    "zh": "我很乐意帮忙，但请文明用语。告诉我您想找什么商品吧。",
}
INJECTION_REFUSAL = {
    "en": "I can't change how I work or share my instructions, but I'm happy to help you shop. "
    "What are you looking for?",
    "zh": "我不能更改我的工作方式，也不能透露我的指令，但很乐意帮您购物。您想找什么呢？",
}


def language_of(text: str) -> str:
    """``zh`` when the text has Chinese characters, else ``en``."""
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def off_topic(text: str, extra_topics: Sequence[str] = ()) -> str | None:
    """The first out-of-scope pattern the text matches (or a policy's extra topic), else None."""
    for pattern in _OFF_TOPIC:
        if pattern.search(text):
            return pattern.pattern
    lowered = text.lower()
    for topic in extra_topics:
        if topic and topic.lower() in lowered:
            return topic
    return None
