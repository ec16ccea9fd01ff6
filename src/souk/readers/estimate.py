"""A cheap record-count estimate for progress bars, from a sample of the input and its size."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from souk.readers.errors import RecordError
from souk.readers.formats import detect_format
from souk.readers.json_records import json_records
from souk.readers.source import GZIP_ERRORS, is_gzip, open_input

SAMPLE_BYTES = 1 << 18


def count_records_hint(path: Path, fmt: str | None = None) -> int | None:
    """Roughly how many records ``path`` holds, or None when it cannot be told cheaply.

    Parquet: exact, from the footer (uncompressed files). Others: records in the first
    ``SAMPLE_BYTES`` (decompressed) scaled to the whole size, which for gzip is the size recorded
    in its trailer. Exact when the sample is the whole input (CSV rows with multi-line cells
    aside).
    """
    path = Path(path)
    try:
        fmt = fmt or detect_format(path)
        with open(path, "rb") as raw:
            compressed = is_gzip(raw.peek(2)[:2])
            if fmt == "parquet":
                return None if compressed else int(pq.ParquetFile(raw).metadata.num_rows)
            size = _uncompressed_size(raw) if compressed else path.stat().st_size
        with open_input(path) as stream:
            sample = stream.read(SAMPLE_BYTES)
    except (OSError, ValueError, pa.ArrowException, *GZIP_ERRORS):
        return None
    whole = len(sample) < SAMPLE_BYTES
    if fmt == "json":
        records, used = _json_count(sample), len(sample)
    else:
        records, used = _line_count(sample, whole, header=fmt == "csv")
    if whole:
        return records
    if records == 0 or used == 0:
        return None
    return max(records, round(records * size / used))


def _line_count(sample: bytes, whole: bool, *, header: bool) -> tuple[int, int]:
    """Non-blank complete lines in ``sample`` (minus a header) and the bytes they span."""
    end = len(sample) if whole else sample.rfind(b"\n") + 1
    lines = [line for line in sample[:end].splitlines() if line.strip()]
    if header and lines:
        lines = lines[1:]
    return len(lines), end


def _json_count(sample: bytes) -> int:
    count = 0
    try:
        for _ in json_records(io.BytesIO(sample), "<sample>"):
            count += 1
    except RecordError:
        pass  # the sample ends mid-record
    return count


def _uncompressed_size(raw: io.BufferedReader) -> int:
    """The gzip trailer's size (modulo 2**32, last member only), unwrapped past the file size."""
    compressed = raw.seek(0, io.SEEK_END)
    if compressed < 18:
        return compressed
    raw.seek(-4, io.SEEK_END)
    size = int.from_bytes(raw.read(4), "little")
    while size < compressed:
        size += 1 << 32
    return size
