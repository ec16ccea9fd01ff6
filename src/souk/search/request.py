"""Search parameters with Meilisearch names, parsed and validated from a JSON-like mapping."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from souk.errors import SoukError

MATCHING_STRATEGIES = ("last", "all", "frequency")
# souk's own: the learned relevance model (default) or Meilisearch's rule buckets
RANKERS = ("learned", "rules")


@dataclass
class HybridParams:
    embedder: str = "default"
    semantic_ratio: float = 0.5


@dataclass
class SearchRequest:
    q: str | None = None
    filter: Any = None
    facets: list[str] | None = None
    sort: list[str] | None = None
    limit: int = 20
    offset: int = 0
    page: int | None = None
    hits_per_page: int | None = None
    attributes_to_retrieve: list[str] | None = None
    attributes_to_highlight: list[str] | None = None
    highlight_pre_tag: str = "<em>"
    highlight_post_tag: str = "</em>"
    attributes_to_crop: list[str] | None = None
    crop_length: int = 10
    crop_marker: str = "…"
    show_matches_position: bool = False
    show_ranking_score: bool = False
    matching_strategy: str = "last"
    hybrid: HybridParams | None = None
    vector: list[float] | None = None
    distinct: str | None = None
    disjunctive_facets: bool = False
    ranking_score_threshold: float | None = None
    attributes_to_search_on: list[str] | None = None
    retrieve_vectors: bool = False
    # souk's own: turn natural language into filters and sort first (souk.search.understand)
    understand: bool = False
    show_ranking_score_details: bool = False
    show_performance_details: bool = False
    # souk's own: "learned" or "rules" for this search (None: the engine's default ranker)
    ranker: str | None = None
    # internal: facet search needs every value, not the maxValuesPerFacet first
    facet_values_limit: int | None = None

    @property
    def paginated(self) -> bool:
        return self.page is not None or self.hits_per_page is not None


def _error(param: str, message: str) -> SoukError:
    snake = "".join("_" + c.lower() if c.isupper() else c for c in param)
    return SoukError(message, f"invalid_search_{snake}")


def _int(data: Mapping[str, Any], key: str, minimum: int = 0) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= 2**53:
        raise _error(
            key,
            f"Invalid value type at `.{key}`: expected a positive integer, but found `{value!r}`",
        )
    return value


def _str_list(data: Mapping[str, Any], key: str) -> list[str] | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(
            key, f"Invalid value type at `.{key}`: expected an array, but found `{value!r}`"
        )
    return list(value)


def _bool(data: Mapping[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise _error(
            key, f"Invalid value type at `.{key}`: expected a boolean, but found `{value!r}`"
        )
    return value


def _text(data: Mapping[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise _error(
            key, f"Invalid value type at `.{key}`: expected a string, but found `{value!r}`"
        )
    return value


def _flag(data: Mapping[str, Any], key: str) -> bool:
    """A boolean that may also be ``null``, meaning not set."""
    if data.get(key) is None:
        return False
    return _bool(data, key, False)


def _ranker(data: Mapping[str, Any]) -> str | None:
    ranker = data.get("ranker")
    if ranker is None:
        return None
    if ranker not in RANKERS:
        raise _error(
            "ranker",
            f"Unknown value `{ranker}` at `.ranker`: expected one of `learned`, `rules`",
        )
    return str(ranker)


def _threshold(data: Mapping[str, Any]) -> float | None:
    value = data.get("rankingScoreThreshold")
    if value is None:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise SoukError(
            "Invalid value at `.rankingScoreThreshold`: the value of "
            "`rankingScoreThreshold` is invalid, expected a float between `0.0` and "
            "`1.0`.",
            "invalid_search_ranking_score_threshold",
        )
    return float(value)


def parse_search_request(data: Mapping[str, Any]) -> SearchRequest:
    """Validate a search body/query-string mapping (unknown keys are ignored)."""
    q = data.get("q")
    if q is not None and not isinstance(q, str):
        raise _error("q", f"Invalid value type at `.q`: expected a string, but found `{q!r}`")
    strategy = _text(data, "matchingStrategy", "last")
    if strategy not in MATCHING_STRATEGIES:
        raise _error(
            "matchingStrategy",
            f"Unknown value `{strategy}` at `.matchingStrategy`: "
            "expected one of `last`, `all`, `frequency`",
        )
    hybrid = None
    raw_hybrid = data.get("hybrid")
    if raw_hybrid is not None:
        if not isinstance(raw_hybrid, Mapping):
            raise _error("hybrid", "Invalid value type at `.hybrid`: expected an object")
        ratio = raw_hybrid.get("semanticRatio", 0.5)
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 <= ratio <= 1:
            raise SoukError(
                "Invalid value at `.hybrid.semanticRatio`: the value of "
                "`semanticRatio` is invalid, expected a float between `0.0` and "
                "`1.0`.",
                "invalid_search_semantic_ratio",
            )
        embedder = raw_hybrid.get("embedder", "default")
        if not isinstance(embedder, str):
            raise SoukError(
                "Invalid value type at `.hybrid.embedder`: expected a string",
                "invalid_search_embedder",
            )
        hybrid = HybridParams(embedder=embedder, semantic_ratio=float(ratio))
    vector = data.get("vector")
    if vector is not None and (
        not isinstance(vector, list) or not all(isinstance(v, int | float) for v in vector)
    ):
        raise _error("vector", "Invalid value type at `.vector`: expected an array of numbers")
    filter_value = data.get("filter")
    if filter_value is not None and not isinstance(filter_value, str | list):
        raise SoukError(
            "Invalid syntax for the filter parameter: `expected String, Array, found: "
            f"{type(filter_value).__name__}`.",
            "invalid_search_filter",
        )
    limit = _int(data, "limit")
    crop_length = _int(data, "cropLength")
    request = SearchRequest(
        q=q,
        filter=filter_value,
        facets=_str_list(data, "facets"),
        sort=_str_list(data, "sort"),
        limit=20 if limit is None else limit,
        offset=_int(data, "offset") or 0,
        page=_int(data, "page"),
        hits_per_page=_int(data, "hitsPerPage"),
        attributes_to_retrieve=_str_list(data, "attributesToRetrieve"),
        attributes_to_highlight=_str_list(data, "attributesToHighlight"),
        highlight_pre_tag=_text(data, "highlightPreTag", "<em>"),
        highlight_post_tag=_text(data, "highlightPostTag", "</em>"),
        attributes_to_crop=_str_list(data, "attributesToCrop"),
        crop_length=10 if crop_length is None else crop_length,
        crop_marker=_text(data, "cropMarker", "…"),
        show_matches_position=_bool(data, "showMatchesPosition", False),
        show_ranking_score=_bool(data, "showRankingScore", False),
        matching_strategy=strategy,
        hybrid=hybrid,
        vector=[float(v) for v in vector] if vector is not None else None,
        distinct=data.get("distinct"),
        disjunctive_facets=_bool(data, "facetsDisjunctive", False),
        ranking_score_threshold=_threshold(data),
        attributes_to_search_on=_str_list(data, "attributesToSearchOn"),
        retrieve_vectors=_bool(data, "retrieveVectors", False),
        understand=_bool(data, "understand", False),
        show_performance_details=_flag(data, "showPerformanceDetails"),
        show_ranking_score_details=_flag(data, "showRankingScoreDetails"),
        ranker=_ranker(data),
    )
    if request.distinct is not None and not isinstance(request.distinct, str):
        raise _error("distinct", "Invalid value type at `.distinct`: expected a string")
    return request
