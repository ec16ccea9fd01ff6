"""NDJSON (JSON Lines): one JSON object per line, blank lines skipped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import orjson

from souk.readers.batch import Located
from souk.readers.errors import RecordError, type_name, utf8_reason
from souk.readers.source import UTF8_BOM, binary_lines


def ndjson_records(stream: BinaryIO, source: str) -> Iterator[Located]:
    """Yield ``(line number, object)`` for every non-blank line of ``stream``."""
    for lineno, line in enumerate(binary_lines(stream, source), 1):
        if lineno == 1 and line.startswith(UTF8_BOM):
            line = line[len(UTF8_BOM) :]
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise RecordError(source, lineno, "line", None, _reason(line, exc)) from None
        if not isinstance(value, dict):
            raise RecordError(
                source, lineno, "line", None, f"expected a JSON object, got {type_name(value)}"
            )
        yield lineno, value


def _reason(line: bytes, exc: orjson.JSONDecodeError) -> str:
    # orjson reports bad UTF-8 as a generic decode error; name the byte instead.
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as bad:
        return utf8_reason(bad)
    # Positions count from 0 and may point past the line terminator when the line ends early.
    column = min(exc.pos, len(line.rstrip(b"\r\n"))) + 1
    return f"invalid JSON: {exc.msg} (column {column})"
