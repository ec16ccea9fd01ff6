"""The HTTP API: Meilisearch-compatible routes (``meili/``) and, later, AI routes beside them."""
