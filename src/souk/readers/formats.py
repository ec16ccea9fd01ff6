"""Telling an input's format from its file name or HTTP content type."""

from __future__ import annotations

from pathlib import Path
from typing import Final

FORMATS: Final = ("csv", "ndjson", "json", "parquet")

_EXTENSIONS: Final = {
    ".csv": "csv",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}

_CONTENT_TYPES: Final = {
    "text/csv": "csv",
    "application/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
    "application/x-jsonlines": "ndjson",
    "application/json": "json",
    "text/json": "json",
    "application/vnd.apache.parquet": "parquet",
    "application/x-parquet": "parquet",
    "application/parquet": "parquet",
}


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def detect_format(path: Path | str, content_type: str | None = None) -> str:
    """``"csv"``, ``"ndjson"``, ``"json"`` or ``"parquet"``.

    A recognised content type (parameters such as ``; charset=utf-8`` ignored) wins; otherwise
    the file extension decides, after stripping a ``.gz`` suffix. Raises ``ValueError`` when
    neither tells.
    """
    if content_type:
        media = content_type.split(";", 1)[0].strip().lower()
        if media in _CONTENT_TYPES:
            return _CONTENT_TYPES[media]
    name = Path(path).name.lower()
    name = name.removesuffix(".gz")
    suffix = Path(name).suffix
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    shown = f" (content type {content_type!r})" if content_type else ""
    raise ValueError(
        f"cannot tell the format of {Path(path).name!r}{shown}: use a .csv, .ndjson, .jsonl, "
        ".json or .parquet name (optionally .gz) or give the format explicitly"
    )
