"""souk's own routes beside the Meilisearch-compatible ones: events, recommendations, analytics."""
