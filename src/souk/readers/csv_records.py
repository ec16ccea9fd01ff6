"""CSV with Meilisearch's typed headers (``price:number``, ``in_stock:boolean``, ``sku:string``)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from souk.readers.batch import Located
from souk.readers.errors import RecordError, shown
from souk.readers.source import text_lines

# The csv module refuses cells over 128 KiB by default; product descriptions with inline HTML
# exceed that. The limit is process-wide, so only ever raise it.
_CELL_LIMIT = 1 << 28
if csv.field_size_limit() < _CELL_LIMIT:
    csv.field_size_limit(_CELL_LIMIT)

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1

Converter = Callable[[str], Any]


class _BadValue(ValueError):
    """A cell that does not parse as its column's type; the message is the reason."""


def _string(cell: str) -> str | None:
    return cell if cell else None


def _number(cell: str) -> int | float | None:
    text = cell.strip()
    if not text:
        return None
    if _INT.fullmatch(text):
        value = int(text)
        if _I64_MIN <= value <= _I64_MAX:
            return value
        return float(value)
    if _FLOAT.fullmatch(text):
        return float(text)
    raise _BadValue(f"expected a number, got {shown(cell)}")


def _boolean(cell: str) -> bool | None:
    text = cell.strip()
    if text == "true":
        return True
    if text == "false":
        return False
    if not text:
        return None
    raise _BadValue(f"expected a boolean (true or false), got {shown(cell)}")


_TYPES: dict[str, Converter] = {"string": _string, "number": _number, "boolean": _boolean}


def parse_header_name(header: str) -> tuple[str, Converter]:
    """Split ``name:type`` at the last colon; an unknown suffix stays in a string column's name."""
    name, sep, suffix = header.rpartition(":")
    if sep and suffix in _TYPES:
        return name, _TYPES[suffix]
    return header, _string


def csv_records(stream: BinaryIO, source: str, delimiter: str = ",") -> Iterator[Located]:
    """Yield ``(line where the row starts, object)`` for each data row.

    Empty cells become ``null``; a row with more or fewer cells than the header is malformed
    (as in Meilisearch, whose CSV reader is not "flexible"): a missing trailing column would
    otherwise silently erase that field of an existing document on update.
    """
    reader = csv.reader(text_lines(stream, source), delimiter=delimiter, strict=True)
    columns: list[tuple[str, Converter]] | None = None
    consumed = 0  # physical lines read before the current row
    while True:
        start = consumed + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise RecordError(source, start, "line", None, f"malformed CSV: {exc}") from None
        consumed = reader.line_num
        if not row:
            continue  # a blank line
        if columns is None:
            columns = _header(row, source, start)
            continue
        if len(row) != len(columns):
            raise RecordError(
                source,
                start,
                "line",
                None,
                f"the row has {len(row)} cells but the header has {len(columns)}",
            )
        record: dict[str, Any] = {}
        for (name, convert), cell in zip(columns, row, strict=False):
            try:
                record[name] = convert(cell)
            except _BadValue as exc:
                raise RecordError(source, start, "line", name, str(exc)) from None
        yield start, record


def _header(row: list[str], source: str, line: int) -> list[tuple[str, Converter]]:
    columns = [parse_header_name(cell) for cell in row]
    seen: set[str] = set()
    for position, (name, _) in enumerate(columns, 1):
        if not name:
            raise RecordError(source, line, "line", None, f"column {position} has no name")
        if name in seen:
            raise RecordError(source, line, "line", name, "duplicate column name")
        seen.add(name)
    return columns
