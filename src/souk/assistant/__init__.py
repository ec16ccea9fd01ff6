"""The grounded shopping assistant: guard → plan → tools → validated, cited answer."""

from souk.assistant.assistant import Answer, Assistant

__all__ = ["Answer", "Assistant"]
