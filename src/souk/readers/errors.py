"""The error raised (and carried by batches) for a malformed input record."""

from __future__ import annotations

from typing import Literal

from souk.errors import Code, SoukException

LocationKind = Literal["line", "record"]

_MAX_SHOWN = 60


def shown(value: str) -> str:
    """Quote a bad input value for a message, shortening it so one huge cell cannot flood a log."""
    if len(value) > _MAX_SHOWN:
        value = value[: _MAX_SHOWN - 1] + "…"
    return repr(value)


class RecordError(SoukException, ValueError):
    """A malformed input record.

    ``str()`` reads like ``products.csv line 7, field `price`: expected a number, got 'abc'``.
    ``location`` is a 1-based physical line (CSV, NDJSON; for CSV the line where the row starts)
    or a 1-based record number (JSON, Parquet), as ``location_kind`` says.
    """

    error_code = Code.MALFORMED_PAYLOAD

    source: str
    location: int
    location_kind: LocationKind
    field: str | None
    reason: str

    def __init__(
        self,
        source: str,
        location: int,
        location_kind: LocationKind,
        field: str | None,
        reason: str,
    ) -> None:
        self.source = source
        self.location = location
        self.location_kind = location_kind
        self.field = field
        self.reason = reason
        where = f"{source} {location_kind} {location}"
        if field is not None:
            where += f", field `{field}`"
        super().__init__(f"{where}: {reason}")

    def __reduce__(
        self,
    ) -> tuple[type[RecordError], tuple[str, int, LocationKind, str | None, str]]:
        # The default reduce would call RecordError(message) and fail; keep it picklable so a
        # task worker can hand it across processes.
        return (
            type(self),
            (self.source, self.location, self.location_kind, self.field, self.reason),
        )


def type_name(value: object) -> str:
    """The JSON name of a decoded value's type, for "expected a JSON object, got …" messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def utf8_reason(exc: UnicodeDecodeError, where: str | None = None) -> str:
    """Describe a UTF-8 decoding failure of one line (or at ``where``, when given)."""
    bad = exc.object[exc.start : exc.start + 1]
    where = where or f"at byte {exc.start + 1} of the line"
    return f"not valid UTF-8 ({exc.reason} 0x{bad.hex()} {where})"
