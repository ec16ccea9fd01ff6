"""Meilisearch v1 routes, request and response shapes."""
