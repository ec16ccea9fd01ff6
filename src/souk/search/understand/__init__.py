"""Query understanding: natural-language shopping queries turned into filters and sort.

``understand("red running shoes under $80", vocabulary)`` finds the price bound, the colour and
the category the index actually has, and returns them as Meilisearch filter expressions with
confidences; :func:`souk.engine.Engine.search` applies them when a search has
``understand: true``. Rules only, English and Chinese; the vocabulary is the index's own facet
values, so nothing is invented that the catalog does not hold.
"""

from souk.search.understand.understander import (
    APPLY_THRESHOLD,
    Understanding,
    UnderstoodFilter,
    UnderstoodSort,
    understand,
)
from souk.search.understand.vocabulary import IndexVocabulary, vocabulary_of

__all__ = [
    "APPLY_THRESHOLD",
    "IndexVocabulary",
    "Understanding",
    "UnderstoodFilter",
    "UnderstoodSort",
    "understand",
    "vocabulary_of",
]
