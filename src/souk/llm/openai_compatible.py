"""Any OpenAI-compatible chat server through the ``openai`` client.

Works with Qwen on DashScope's compatible mode (``https://dashscope.aliyuncs.com/compatible-mode/v1``),
vLLM, Ollama (``http://localhost:11434/v1``), a llama.cpp server, or OpenAI itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import orjson

from souk.llm.base import ChatResult, LlmError, Message, ToolCall, ToolSpec


class OpenAICompatibleChat:
    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 60.0,
        capable: bool = True,
    ) -> None:
        from openai import OpenAI

        self.name = model
        self.capable = capable
        self.client = OpenAI(
            base_url=base_url, api_key=api_key or "none", timeout=timeout, max_retries=1
        )

    def chat(
        self,
        messages: Sequence[Message],
        *,
        tools: Sequence[ToolSpec] = (),
        json_schema: Mapping[str, Any] | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> ChatResult:
        request: dict[str, Any] = {
            "model": self.name,
            "messages": [m.to_openai() for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if tools:
            request["tools"] = [t.to_openai() for t in tools]
        if json_schema is not None:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": dict(json_schema), "strict": True},
            }
        try:
            response = self.client.chat.completions.create(**request)
        except Exception as exc:  # the client raises many types; the caller needs one
            raise LlmError(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        choice = response.choices[0]
        calls = tuple(
            ToolCall(call.id, call.function.name, _arguments(call.function.arguments))
            for call in (choice.message.tool_calls or [])
            if getattr(call, "function", None) is not None
        )
        usage = response.usage
        return ChatResult(
            content=choice.message.content or "",
            tool_calls=calls,
            finish_reason=choice.finish_reason or "stop",
            usage={}
            if usage is None
            else {
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
            },
        )

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> Iterator[str]:
        try:
            chunks: Any = self.client.chat.completions.create(
                model=self.name,
                messages=[m.to_openai() for m in messages],  # type: ignore[misc]
                max_tokens=max_tokens,
                temperature=temperature,
                stream=True,
            )
            for chunk in chunks:
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except Exception as exc:
            raise LlmError(f"{self.name}: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        self.client.close()


def _arguments(raw: str | None) -> dict[str, Any]:
    try:
        value = orjson.loads(raw or "{}")
    except orjson.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
