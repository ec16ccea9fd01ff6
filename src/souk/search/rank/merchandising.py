"""Where merchandising rules (pin, hide, boost) plug into ranking. None exist yet.

They apply to the whole ranked list after the relevance order and the click signal, so a rule
has the last word on the order, and before the ``rankingScoreThreshold`` cut.
"""

from __future__ import annotations

from typing import Protocol

from souk.search.candidates import Candidate


class Merchandising(Protocol):
    def apply(self, query: str, ranked: list[Candidate]) -> list[Candidate]:
        """``ranked`` (the whole ranked list, not only a page) with the rules for ``query``."""
        ...


class NoRules:
    """No merchandising: the ranked list as it is."""

    def apply(self, query: str, ranked: list[Candidate]) -> list[Candidate]:
        return ranked


NO_RULES = NoRules()
