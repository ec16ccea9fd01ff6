"""The one writer: the task queue's worker and the handlers that apply each task type."""
