"""JSON documents: an array of objects read incrementally, or a single object.

The array is never loaded whole: a window of decoded text grows a chunk at a time and
``json.JSONDecoder.raw_decode`` takes one element at a time from it. An element cut by the end of
the window fails to decode; the window then doubles and the element is decoded again, so a huge
element costs amortised linear time.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Generator, Iterator
from typing import Any, BinaryIO, NoReturn

from souk.readers.batch import Located
from souk.readers.errors import RecordError, type_name, utf8_reason
from souk.readers.source import GZIP_ERRORS, READ_CHUNK

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# An error this close to the end of the window may be the window's fault, not the input's.
_TRUNCATION_SLACK = 16
_I64_MIN, _U64_MAX = -(2**63), 2**64 - 1
# Consumed text is dropped once this much has piled up, so that appending the next chunk copies
# little besides the chunk itself.
_COMPACT_AFTER = 1 << 14


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


def _parse_int(text: str) -> int | float:
    # Integers beyond 64 bits become floats, as orjson (NDJSON path) and Meilisearch do, so
    # downstream serialisation never meets an integer it cannot encode.
    value = int(text)
    return value if _I64_MIN <= value <= _U64_MAX else float(value)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_int=_parse_int)


class _Window:
    """Decoded text over a binary stream, extended on demand, with line/column bookkeeping."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.text = ""
        self.eof = False
        self.broken: str | None = None  # why no more text can be read, if not plain EOF
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._line = 1  # line and column of text[0]
        self._column = 1
        self._started = False

    def fill(self, at_least: int = READ_CHUNK) -> bool:
        """Append at least one more chunk of text; False once the input is exhausted or broken."""
        while not self.eof and self.broken is None:
            try:
                chunk = self.stream.read(max(at_least, READ_CHUNK))
            except GZIP_ERRORS as exc:
                self.broken = f"corrupt gzip data: {exc}"
                return False
            try:
                if chunk:
                    added = self._decoder.decode(chunk)
                else:
                    self.eof = True
                    added = self._decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                self._append(exc.object[: exc.start].decode("utf-8"))
                line, column = self.line_column(len(self.text))
                self.broken = utf8_reason(exc, f"at line {line}, column {column}")
                return True
            if added:
                self._append(added)
                return True
        return False

    def _append(self, added: str) -> None:
        if not self._started and added:
            self._started = True
            added = added.removeprefix("\ufeff")
        self.text += added

    def available(self, pos: int) -> bool:
        """Whether ``text[pos]`` exists, reading more if needed."""
        while pos >= len(self.text):
            if not self.fill():
                return False
        return True

    def skip_whitespace(self, pos: int) -> int:
        while True:
            pos = _WHITESPACE.match(self.text, pos).end()  # type: ignore[union-attr]
            if pos < len(self.text) or not self.fill():
                return pos

    def compact(self, pos: int) -> int:
        """Drop consumed text before ``pos``; returns the new position of the same character."""
        if pos < _COMPACT_AFTER:
            return pos
        newlines = self.text.count("\n", 0, pos)
        if newlines:
            self._line += newlines
            self._column = pos - self.text.rfind("\n", 0, pos)
        else:
            self._column += pos
        self.text = self.text[pos:]
        return 0

    def line_column(self, pos: int) -> tuple[int, int]:
        last = self.text.rfind("\n", 0, pos)
        line = self._line + self.text.count("\n", 0, pos)
        column = pos - last if last >= 0 else self._column + pos
        return line, column


class _Parser:
    def __init__(self, stream: BinaryIO, source: str) -> None:
        self.window = _Window(stream)
        self.source = source
        self.number = 1  # the record being read

    def fail(self, reason: str) -> NoReturn:
        raise RecordError(self.source, self.number, "record", None, reason)

    def fail_at(self, pos: int, message: str) -> NoReturn:
        line, column = self.window.line_column(pos)
        self.fail(f"invalid JSON: {message} (line {line}, column {column})")

    def fail_short(self, pos: int, message: str) -> NoReturn:
        """The input ended (or broke) where more JSON was needed."""
        if self.window.broken is not None:
            self.fail(self.window.broken)
        self.fail_at(pos, message)

    def value(self, pos: int) -> tuple[Any, int]:
        window = self.window
        while True:
            try:
                return _DECODER.raw_decode(window.text, pos)
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith("Unterminated string") or (
                    exc.pos >= len(window.text) - _TRUNCATION_SLACK
                )
                if cut and window.fill(len(window.text) - pos):
                    continue
                if cut:
                    self.fail_short(exc.pos, exc.msg)
                self.fail_at(exc.pos, exc.msg)
            except ValueError as exc:  # NaN / Infinity
                self.fail_at(pos, str(exc))
            except RecursionError:
                self.fail_at(pos, "nested too deeply")

    def record(self, pos: int) -> tuple[dict[str, Any], int]:
        value, end = self.value(pos)
        if not isinstance(value, dict):
            self.fail(f"expected a JSON object, got {type_name(value)}")
        return value, end

    def records(self) -> Iterator[Located]:
        window = self.window
        pos = window.skip_whitespace(0)
        if not window.available(pos):
            self.fail_short(pos, "expected a JSON array or object, got an empty input")
        first = window.text[pos]
        if first == "{":
            record, pos = self.record(pos)
            yield self.number, record
            self.number += 1
        elif first == "[":
            pos = yield from self._array(pos + 1)
        else:
            self.fail_at(pos, "expected a JSON array or object")
        pos = window.skip_whitespace(pos)
        if window.available(pos):
            self.fail_at(pos, "Extra data after the JSON document")
        if window.broken is not None:
            self.fail(window.broken)

    def _array(self, pos: int) -> Generator[Located, None, int]:
        """Yield the elements after the opening bracket; return the position after the array."""
        window = self.window
        pos = window.skip_whitespace(pos)
        if window.available(pos) and window.text[pos] == "]":
            return pos + 1
        while True:
            pos = window.compact(pos)
            record, pos = self.record(pos)
            yield self.number, record
            self.number += 1
            pos = window.skip_whitespace(pos)
            if not window.available(pos):
                self.fail_short(pos, "Expecting ',' delimiter or ']'")
            separator = window.text[pos]
            if separator == "]":
                return pos + 1
            if separator != ",":
                self.fail_at(pos, "Expecting ',' delimiter")
            pos = window.skip_whitespace(pos + 1)


def json_records(stream: BinaryIO, source: str) -> Iterator[Located]:
    """Yield ``(record number, object)`` for each element of a JSON array, or for a lone object."""
    return _Parser(stream, source).records()
