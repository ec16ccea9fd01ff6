"""What a caller may read of an index: the access rule every read of documents applies.

A tenant token's search rule becomes a :class:`Scope`; the engine's scoped entry point passes it
to every reader (search, facet search, similar, recommendations, product reads, the assistant's
tools). It is kept apart from the request's own filter, so nothing that rewrites or relaxes the
request's filter (disjunctive facets, query understanding, the assistant's retries) can drop it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def and_filters(*expressions: Any) -> Any:
    """The AND of Meilisearch filter expressions (``None`` ones are skipped).

    Meilisearch's array form is an AND of its elements (each a string, or an array meaning OR),
    so an array operand contributes its elements and anything else is one element.
    """
    parts: list[Any] = []
    for expression in expressions:
        if expression is None:
            continue
        if isinstance(expression, list):
            parts.extend(expression)
        else:
            parts.append(expression)
    if not parts:
        return None
    if len(parts) == 1 and not isinstance(parts[0], list):
        return parts[0]
    return parts


@dataclass(frozen=True)
class Scope:
    """The documents a caller may see: those matching ``filter`` (all when None)."""

    filter: Any = None

    @property
    def unrestricted(self) -> bool:
        return self.filter is None

    def narrow(self, expression: Any) -> Any:
        """The caller's own filter expression, limited to this scope."""
        return and_filters(self.filter, expression)


#: Everything: the master key, a key without search rules, the CLI, the Python API.
EVERYTHING = Scope()
