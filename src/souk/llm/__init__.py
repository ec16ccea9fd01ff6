"""Chat models behind one protocol: an OpenAI-compatible server, or the embedded SmolLM2."""

from souk.llm.base import ChatModel, ChatResult, LlmError, Message, ToolCall, ToolSpec
from souk.llm.factory import open_chat_model

__all__ = [
    "ChatModel",
    "ChatResult",
    "LlmError",
    "Message",
    "ToolCall",
    "ToolSpec",
    "open_chat_model",
]
