"""Rows to JSON and back, by column type, so a dump reads the same on SQLite and PostgreSQL.

Binary columns (vectors, task payloads) become base64; timestamps become RFC 3339 in UTC (SQLite
hands them back naive, PostgreSQL in the session's zone); everything else is already JSON.
Reading checks each value against its column's type, so a damaged or hand-edited dump is refused
with the table, row and column instead of landing in SQLite's loose typing.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, LargeBinary, String, Table

from souk.store.backup.format import invalid_backup

Encode = Callable[[Any], Any]
Decode = Callable[[Any], Any]


def _encode_bytes(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _encode_datetime(value: datetime) -> str:
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.isoformat()


def _encoder(column: Column[Any]) -> Encode | None:
    if isinstance(column.type, LargeBinary):
        return _encode_bytes
    if isinstance(column.type, DateTime):
        return _encode_datetime
    return None


class RowEncoder:
    """One table's rows as JSON-ready dicts (columns in the table's order)."""

    def __init__(self, table: Table) -> None:
        self.columns = [str(column.name) for column in table.columns]
        self._encoders = {str(c.name): e for c in table.columns if (e := _encoder(c)) is not None}

    def encode(self, row: Mapping[Any, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.columns:
            value = row[name]
            encoder = self._encoders.get(name)
            out[name] = value if value is None or encoder is None else encoder(value)
        return out


class _BadValue(ValueError):
    pass


def _decode_bytes(value: Any) -> bytes:
    if not isinstance(value, str):
        raise _BadValue("base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise _BadValue("base64 text") from None


def _decode_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _BadValue("an RFC 3339 time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _BadValue("an RFC 3339 time") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _decode_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _BadValue("true or false")
    return value


def _decode_int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _BadValue("an integer")
    return value


def _decode_float(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _BadValue("a number")
    return float(value)


def _decode_str(value: Any) -> str:
    if not isinstance(value, str):
        raise _BadValue("a string")
    return value


def _decoder(column: Column[Any]) -> Decode:
    kind = column.type
    if isinstance(kind, LargeBinary):
        return _decode_bytes
    if isinstance(kind, DateTime):
        return _decode_datetime
    if isinstance(kind, Boolean):
        return _decode_bool
    if isinstance(kind, Integer):
        return _decode_int
    if isinstance(kind, Float):
        return _decode_float
    if isinstance(kind, String):  # Text is a String
        return _decode_str
    return lambda value: value


class RowDecoder:
    """Rows of one table read back from JSON, checked against the current schema.

    ``columns`` are the dump's columns for the table: each must exist in this souk's schema (a
    column it does not know means a newer souk wrote the file). Columns the dump lacks are left
    to their defaults, which the database refuses if they are required.
    """

    def __init__(self, table: Table, columns: Sequence[str], source: Path) -> None:
        unknown = [name for name in columns if name not in table.c]
        if unknown:
            raise invalid_backup(
                source,
                f"table `{table.name}` has column `{unknown[0]}`, unknown to this souk "
                "(was it written by a newer souk?)",
            )
        self.table = table
        self.source = source
        self.columns = list(columns)
        self._decoders = {name: _decoder(table.c[name]) for name in columns}
        self._nullable = {name: bool(table.c[name].nullable) for name in columns}

    def decode(self, raw: Any, where: str) -> dict[str, Any]:
        """One row; ``where`` says which (``tables/souk_documents/000001.ndjson line 7``)."""
        if not isinstance(raw, dict):
            raise invalid_backup(self.source, f"{where} is not a JSON object")
        if len(raw) != len(self.columns) or any(name not in raw for name in self.columns):
            raise invalid_backup(
                self.source, f"{where} does not have the columns `metadata.json` lists"
            )
        out: dict[str, Any] = {}
        for name in self.columns:
            value = raw[name]
            if value is None:
                if not self._nullable[name]:
                    raise invalid_backup(self.source, f"{where}: column `{name}` is null")
                out[name] = None
                continue
            try:
                out[name] = self._decoders[name](value)
            except _BadValue as exc:
                raise invalid_backup(
                    self.source, f"{where}: column `{name}` must be {exc}, got {value!r:.60}"
                ) from None
        return out
