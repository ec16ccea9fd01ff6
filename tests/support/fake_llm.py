"""A scripted chat model behind the real ``ChatModel`` protocol (for tests only).

Each reply is either a fixed string, or a function of the messages, so a test can play a model
that drifts (invents a product, a price), leaks its prompt, or behaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import orjson

from souk.llm.base import ChatResult, Message, ToolSpec

Reply = str | Callable[[Sequence[Message]], str]


class ScriptedChat:
    name = "scripted"

    def __init__(
        self, replies: Sequence[Reply] = (), *, capable: bool = True, default: Reply = ""
    ) -> None:
        self.replies = list(replies)
        self.capable = capable
        self.default = default
        self.calls: list[list[Message]] = []

    def _next(self, messages: Sequence[Message]) -> str:
        self.calls.append(list(messages))
        reply = self.replies.pop(0) if self.replies else self.default
        return reply(messages) if callable(reply) else reply

    def chat(
        self,
        messages: Sequence[Message],
        *,
        tools: Sequence[ToolSpec] = (),
        json_schema: Mapping[str, Any] | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> ChatResult:
        text = self._next(messages)
        if json_schema is not None:
            orjson.loads(text)  # a scripted JSON reply must be JSON, as a real backend's is
        return ChatResult(text)

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int = 512, temperature: float = 0.0
    ) -> Iterator[str]:
        text = self._next(messages)
        for start in range(0, len(text), 7):
            yield text[start : start + 7]

    def close(self) -> None:
        pass
