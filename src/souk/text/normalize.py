"""Normalisation shared by indexing, querying and filtering.

One function decides when two strings are "the same value" for filters and facets, so the
lexical index, the vector predicate and the store-side checks can never disagree.
"""

from __future__ import annotations

import unicodedata


def normalize_text(text: str) -> str:
    """NFKC-fold, case-fold and trim ``text`` (full-width ASCII becomes ASCII, ``ß`` → ``ss``)."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def normalize_value(value: object) -> str:
    """The canonical string form of a filterable value.

    Strings are normalised with :func:`normalize_text`; booleans become ``"true"``/``"false"``
    (Meilisearch filters booleans as strings); integral floats print without a fraction so
    ``4.0`` and ``4`` compare equal.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return normalize_text(str(value))
