"""Facet distribution and numeric facet stats, counted by tantivy over the whole result set."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import tantivy

from souk.retrieval.filter_fields import number_field
from souk.retrieval.layout import facet_field
from souk.text.normalize import normalize_value

# Upper bound of distinct values fetched per facet before grouping and truncation.
_TERMS_SIZE = 10_000


def facet_distribution(
    searcher: tantivy.Searcher,
    query: tantivy.Query,
    attributes: Sequence[str],
    *,
    max_values: int = 100,
    sort_by: dict[str, str] | None = None,
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, float]]]:
    """Counts per facet value (values grouped case-insensitively) and min/max for numbers.

    The label shown for a group is its most frequent original spelling (ties: the one that sorts
    first, so "Nike" wins over "nike"). Values are ordered alphabetically (Meilisearch's default)
    or by count when ``sort_by`` says ``"count"`` for the attribute or ``"*"``.
    """
    if not attributes:
        return {}, {}
    spec: dict[str, Any] = {}
    for i, attribute in enumerate(attributes):
        spec[f"s{i}"] = {"terms": {"field": facet_field(attribute), "size": _TERMS_SIZE}}
        spec[f"n{i}"] = {"terms": {"field": number_field(attribute), "size": _TERMS_SIZE}}
        spec[f"x{i}"] = {"stats": {"field": number_field(attribute)}}
    result = searcher.aggregate(query, spec)
    distribution: dict[str, dict[str, int]] = {}
    stats: dict[str, dict[str, float]] = {}
    order = sort_by or {}
    for i, attribute in enumerate(attributes):
        groups: dict[str, dict[str, int]] = {}
        for bucket in result.get(f"s{i}", {}).get("buckets", []):
            label = str(bucket["key"])
            groups.setdefault(normalize_value(label), {})[label] = int(bucket["doc_count"])
        for bucket in result.get(f"n{i}", {}).get("buckets", []):
            label = normalize_value(float(bucket["key"]))
            key = normalize_value(label)
            groups.setdefault(key, {})
            groups[key][label] = groups[key].get(label, 0) + int(bucket["doc_count"])
        counts = {
            min(spellings, key=lambda s: (-spellings[s], s)): sum(spellings.values())
            for spellings in groups.values()
        }
        by = order.get(attribute, order.get("*", "alpha"))
        if by == "count":
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        else:
            ranked = sorted(counts.items(), key=lambda kv: kv[0])
        distribution[attribute] = dict(ranked[:max_values])
        numeric = result.get(f"x{i}", {})
        if numeric.get("count"):
            stats[attribute] = {"min": float(numeric["min"]), "max": float(numeric["max"])}
    return distribution, stats
