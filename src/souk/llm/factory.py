"""Choose the chat backend from settings (``SOUK_LLM_*``); the embedded model is the default."""

from __future__ import annotations

import threading

from souk.config import Settings
from souk.llm.base import ChatModel, LlmError

_shared: dict[tuple[str, str, str], ChatModel] = {}
_lock = threading.Lock()


def open_chat_model(config: Settings) -> ChatModel | None:
    """One model per process and configuration (the embedded one costs ~100 MB and a second)."""
    if config.llm_backend == "none":
        return None
    key = (config.llm_backend, config.llm_base_url, config.llm_model)
    with _lock:
        model = _shared.get(key)
        if model is None:
            model = _create(config)
            _shared[key] = model
        return model


def _create(config: Settings) -> ChatModel:
    if config.llm_backend == "embedded":
        from souk.llm.embedded import EmbeddedChat

        return EmbeddedChat(threads=config.model_threads)
    if config.llm_backend == "openai_compatible":
        if not config.llm_base_url or not config.llm_model:
            raise LlmError(
                "SOUK_LLM_BASE_URL and SOUK_LLM_MODEL are required with "
                "SOUK_LLM_BACKEND=openai_compatible."
            )
        from souk.llm.openai_compatible import OpenAICompatibleChat

        return OpenAICompatibleChat(
            base_url=config.llm_base_url,
            model=config.llm_model,
            api_key=config.llm_api_key,
            capable=config.llm_capable,
        )
    raise LlmError(
        f"Unknown SOUK_LLM_BACKEND {config.llm_backend!r}: embedded or openai_compatible."
    )
