"""What one search may ask for, and the time it may take.

The public storefront key can search, so every search input is bounded before any work is
done: the query's length (and, as in Meilisearch, only its first words are searched), the
number of facets, and a time budget (Meilisearch's ``searchCutoffMs``) past which the search
answers with what it has instead of ranking further.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from souk.config import Settings
from souk.errors import SoukError
from souk.search.request import SearchRequest


@dataclass(frozen=True, slots=True)
class SearchLimits:
    """The bounds of one search (see the ``max_*`` and ``search_cutoff_ms`` settings)."""

    query_words: int = 10
    query_chars: int = 1000
    facets: int = 100
    cutoff_ms: int = 1500
    attributes: int = 1000

    @classmethod
    def of(cls, config: Settings) -> SearchLimits:
        return cls(
            query_words=config.max_query_words,
            query_chars=config.max_query_chars,
            facets=config.max_facets,
            cutoff_ms=config.search_cutoff_ms,
            attributes=config.max_request_attributes,
        )

    def check(self, request: SearchRequest) -> None:
        """Refuse a request over the query-length, facet or attribute-list limits (400)."""
        check_query_text(request.q, self, "q", "invalid_search_q")
        if request.facets is not None and len(request.facets) > self.facets:
            raise SoukError(
                f"Invalid value in parameter `facets`: {len(request.facets):,} facets were "
                f"asked for; the limit is {self.facets} (setting SOUK_MAX_FACETS).",
                "invalid_search_facets",
            )
        for name, values, code in (
            ("attributesToRetrieve", request.attributes_to_retrieve, "attributes_to_retrieve"),
            ("attributesToHighlight", request.attributes_to_highlight, "attributes_to_highlight"),
            ("attributesToCrop", request.attributes_to_crop, "attributes_to_crop"),
            ("attributesToSearchOn", request.attributes_to_search_on, "attributes_to_search_on"),
            ("sort", request.sort, "sort"),
        ):
            if values is not None and len(values) > self.attributes:
                raise SoukError(
                    f"Invalid value in parameter `{name}`: {len(values):,} entries; the limit "
                    f"is {self.attributes:,} (setting SOUK_MAX_REQUEST_ATTRIBUTES).",
                    f"invalid_search_{code}",
                )

    def deadline(self, index_settings: dict[str, Any]) -> Deadline:
        """The budget of a search starting now: the index's ``searchCutoffMs`` when it sets
        one, else this server's default."""
        configured = index_settings.get("searchCutoffMs")
        budget_ms = configured if isinstance(configured, int) and configured > 0 else None
        return Deadline.after_ms(budget_ms or self.cutoff_ms)


def check_query_text(text: str | None, limits: SearchLimits, name: str, code: str) -> None:
    """Refuse a query text longer than ``limits.query_chars`` (400 naming ``name``)."""
    if text is not None and len(text) > limits.query_chars:
        raise SoukError(
            f"Invalid value in parameter `{name}`: the query is {len(text):,} characters long; "
            f"the limit is {limits.query_chars:,} (setting SOUK_MAX_QUERY_CHARS).",
            code,
        )


@dataclass
class Deadline:
    """When a search must stop refining its answer; the stages it skipped to keep to it."""

    at: float  # time.perf_counter() value
    skipped: list[str] = field(default_factory=list)

    @classmethod
    def after_ms(cls, budget_ms: float) -> Deadline:
        return cls(time.perf_counter() + budget_ms / 1000)

    def expired(self) -> bool:
        return time.perf_counter() >= self.at

    def skip(self, stage: str) -> None:
        if stage not in self.skipped:
            self.skipped.append(stage)

    @property
    def degraded(self) -> bool:
        return bool(self.skipped)


NO_DEADLINE = Deadline(float("inf"))
