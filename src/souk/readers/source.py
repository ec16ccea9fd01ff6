"""Opening inputs as binary streams (gzip detected by magic bytes) and reading them line by line."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

from souk.readers.errors import RecordError, utf8_reason

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
READ_CHUNK = 1 << 16  # bytes per read where the reader controls the size

# What a damaged gzip stream raises while being read: truncation, bad deflate data, bad CRC.
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def is_gzip(head: bytes) -> bool:
    return head[:2] == GZIP_MAGIC


@contextmanager
def open_input(data: Path | bytes) -> Iterator[BinaryIO]:
    """Open a file or an in-memory body for reading, transparently decompressing gzip.

    The stream is a ``gzip.GzipFile`` when the input was compressed, so callers that need real
    random access (Parquet) can tell and spool it first.
    """
    raw: io.BufferedReader | io.BytesIO
    if isinstance(data, bytes):
        raw = io.BytesIO(data)
        head = data[:2]
    else:
        raw = open(data, "rb")  # noqa: SIM115 - closed below, after the caller is done
        head = raw.peek(2)[:2]
    try:
        if is_gzip(head):
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield cast(BinaryIO, unzipped)
        else:
            yield raw
    finally:
        raw.close()


def binary_lines(stream: BinaryIO, source: str) -> Iterator[bytes]:
    """Physical lines, terminators kept.

    A damaged gzip stream becomes a ``RecordError`` at the line that could not be read; lines are
    taken one at a time so that every line before it is still delivered.
    """
    lines = iter(stream)
    lineno = 0
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except GZIP_ERRORS as exc:
            raise RecordError(
                source, lineno + 1, "line", None, f"corrupt gzip data: {exc}"
            ) from None
        lineno += 1
        yield line


def text_lines(stream: BinaryIO, source: str) -> Iterator[str]:
    """Physical lines decoded as UTF-8 (a leading BOM dropped); bad bytes raise ``RecordError``."""
    for lineno, raw in enumerate(binary_lines(stream, source), 1):
        if lineno == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(source, lineno, "line", None, utf8_reason(exc)) from None
