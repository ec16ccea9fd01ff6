"""Document validation: primary keys and document ids, with errors that name the record."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from souk.errors import SoukError

_DOC_ID = re.compile(r"[A-Za-z0-9_-]{1,511}")
_INDEX_UID = re.compile(r"[A-Za-z0-9_-]{1,400}")


def where(source: str | None, location: int | None, kind: str = "record") -> str:
    """``"products.csv line 7"`` — the prefix every record error starts with."""
    if source is None and location is None:
        return ""
    parts = [part for part in (source, None if location is None else f"{kind} {location}") if part]
    return " ".join(parts) + ": "


def valid_index_uid(uid: str) -> bool:
    return bool(_INDEX_UID.fullmatch(uid))


def infer_primary_key(documents: Iterable[Mapping[str, Any]]) -> str:
    """Meilisearch's rule: ``id`` if present, else the one attribute whose name ends in ``id``."""
    first = next(iter(documents), None)
    if first is None:
        raise SoukError(
            "The primary key inference failed as the engine did not find any field ending with "
            "`id` in its name. Please specify the primary key manually using the `primaryKey` "
            "query parameter.",
            "index_primary_key_no_candidate_found",
        )
    if "id" in first:
        return "id"
    candidates = [name for name in first if name.lower().endswith("id")]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise SoukError(
            "The primary key inference failed as the engine did not find any field ending with "
            "`id` in its name. Please specify the primary key manually using the `primaryKey` "
            "query parameter.",
            "index_primary_key_no_candidate_found",
        )
    raise SoukError(
        "The primary key inference failed as the engine found "
        f"{len(candidates)} fields ending with `id` in their names: "
        + ", ".join(f"'{c}'" for c in candidates)
        + ". Please specify the primary key manually using the `primaryKey` query parameter.",
        "index_primary_key_multiple_candidates_found",
    )


def document_id(
    doc: Mapping[str, Any],
    primary_key: str,
    *,
    source: str | None = None,
    location: int | None = None,
    kind: str = "record",
) -> str:
    """The document's id as a string, or a :class:`SoukError` naming the record and field."""
    prefix = where(source, location, kind)
    value = _lookup(doc, primary_key)
    if value is None:
        raise SoukError(
            f"{prefix}field `{primary_key}`: Document doesn't have a `{primary_key}` attribute: "
            f"`{_short(doc)}`.",
            "missing_document_id",
        )
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SoukError(
            f"{prefix}field `{primary_key}`: Document identifier `{_short(value)}` is invalid. A "
            "document identifier can be of type integer or string, only composed of "
            "alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can "
            "not be more than 511 bytes.",
            "invalid_document_id",
        )
    text = str(value)
    if not _DOC_ID.fullmatch(text) or len(text.encode()) > 511:
        raise SoukError(
            f'{prefix}field `{primary_key}`: Document identifier `"{text}"` is invalid. A '
            "document identifier can be of type integer or string, only composed of "
            "alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can "
            "not be more than 511 bytes.",
            "invalid_document_id",
        )
    return text


def _lookup(doc: Mapping[str, Any], path: str) -> Any:
    if path in doc:
        return doc[path]
    current: Any = doc
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def _short(value: Any) -> str:
    import orjson

    text = orjson.dumps(value, default=str).decode()
    return text if len(text) <= 200 else text[:197] + "..."


def attribute_paths(doc: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Every attribute path of a document, nested objects as dotted paths (``category.lvl0``)."""
    paths: list[str] = []
    for key, value in doc.items():
        path = f"{prefix}{key}"
        if key == "_vectors" and not prefix:
            continue
        paths.append(path)
        if isinstance(value, Mapping):
            paths.extend(attribute_paths(value, path + "."))
    return paths
