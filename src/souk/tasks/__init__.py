"""The one writer: the task worker and the handlers that apply each task type.

Catalog task types are handled here; a layer above registers handlers for its own task types
(``TaskWorker.register``), so nothing here imports a layer above it.
"""
