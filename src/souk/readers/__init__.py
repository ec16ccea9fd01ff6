"""Streaming readers for catalog files and request bodies: CSV, NDJSON, JSON and Parquet.

Every reader yields ``RecordBatch`` objects of at most ``batch_size`` records, reading the input a
chunk at a time, so memory stays bounded by the batch size rather than the input size. Gzip is
accepted for every format and detected by its magic bytes. The first malformed record ends the
stream: the last batch then carries the ``RecordError`` and only the records before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from souk.readers.batch import Located, RecordBatch, batched
from souk.readers.csv_records import csv_records
from souk.readers.errors import LocationKind, RecordError
from souk.readers.estimate import count_records_hint
from souk.readers.formats import FORMATS, check_format, detect_format
from souk.readers.json_records import json_records
from souk.readers.ndjson_records import ndjson_records
from souk.readers.parquet_records import parquet_records
from souk.readers.shape import ShapeLimits
from souk.readers.source import open_input

__all__ = [
    "FORMATS",
    "LocationKind",
    "RecordBatch",
    "RecordError",
    "ShapeLimits",
    "count_records_hint",
    "detect_format",
    "read_batches",
    "read_bytes_batches",
]

_LOCATION_KINDS: dict[str, LocationKind] = {
    "csv": "line",
    "ndjson": "line",
    "json": "record",
    "parquet": "record",
}


def read_batches(
    path: Path | str,
    *,
    batch_size: int = 1000,
    fmt: str | None = None,
    limits: ShapeLimits | None = None,
) -> Iterator[RecordBatch]:
    """Stream the records of the file at ``path`` in batches.

    The format comes from the file name (see ``detect_format``) unless ``fmt`` is given. Bad
    arguments and a missing file raise at once; the file is opened on the first ``next()`` and
    closed when the iterator is exhausted or closed. A record deeper or bigger than ``limits``
    (default :class:`ShapeLimits`) is malformed.
    """
    path = Path(path)
    fmt = check_format(fmt) if fmt is not None else detect_format(path)
    _check_batch_size(batch_size)
    path.stat()  # FileNotFoundError now rather than on the first next()
    return _read(path, path.name, fmt, batch_size, ",", limits or ShapeLimits())


def read_bytes_batches(
    data: bytes,
    fmt: str,
    *,
    source: str = "<body>",
    batch_size: int = 1000,
    csv_delimiter: str = ",",
    limits: ShapeLimits | None = None,
) -> Iterator[RecordBatch]:
    """Stream the records of an in-memory body (a request payload, possibly gzipped)."""
    check_format(fmt)
    _check_batch_size(batch_size)
    if len(csv_delimiter) != 1 or csv_delimiter in '\r\n"':
        raise ValueError(f"the CSV delimiter must be one character, not {csv_delimiter!r}")
    return _read(bytes(data), source, fmt, batch_size, csv_delimiter, limits or ShapeLimits())


def _check_batch_size(batch_size: int) -> None:
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")


def _read(
    data: Path | bytes,
    source: str,
    fmt: str,
    batch_size: int,
    csv_delimiter: str,
    limits: ShapeLimits,
) -> Iterator[RecordBatch]:
    with open_input(data) as stream:
        records = _records(stream, source, fmt, batch_size, csv_delimiter)
        yield from batched(records, source, _LOCATION_KINDS[fmt], batch_size, limits)


def _records(
    stream: BinaryIO, source: str, fmt: str, batch_size: int, csv_delimiter: str
) -> Iterator[Located]:
    if fmt == "csv":
        return csv_records(stream, source, csv_delimiter)
    if fmt == "ndjson":
        return ndjson_records(stream, source)
    if fmt == "json":
        return json_records(stream, source)
    return parquet_records(stream, source, batch_size)
