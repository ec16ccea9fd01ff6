"""What the assistant may read of a shop: one index, already scoped to what the caller may see.

The engine hands the assistant a :class:`Catalog` built by its one scoped entry point, so a
tenant token's filter and a key's index scope apply to every tool call by construction: the
assistant cannot reach a document the caller's own search would not show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from souk.search.understand.vocabulary import IndexVocabulary


class Catalog(Protocol):
    """One index as the assistant may read it (the engine's ``ScopedIndex`` implements it)."""

    @property
    def uid(self) -> str:
        """The index uid."""
        ...

    @property
    def primary_key(self) -> str: ...

    def search(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """A Meilisearch-shaped search (``q``, ``filter``, ``sort``, ``limit``…)."""
        ...

    def recommend(self, kind: str, key: str, *, limit: int) -> dict[str, Any]:
        """Recommendations (``similar``, ``bought-together``) for product ``key``."""
        ...

    def documents(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The visible documents among ``ids``, by id (missing or hidden ones are absent)."""
        ...

    def vocabulary(self) -> IndexVocabulary:
        """Facet values and numeric attributes, to read filters out of words."""
        ...
