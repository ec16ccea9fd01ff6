"""Parquet, read a batch at a time, with Arrow values turned into JSON-compatible Python values."""

from __future__ import annotations

import base64
import gzip
import math
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from souk.readers.batch import Located
from souk.readers.errors import RecordError

Convert = Callable[[Any], Any]


def parquet_records(stream: BinaryIO, source: str, batch_size: int = 1000) -> Iterator[Located]:
    """Yield ``(record number, object)`` for every row.

    Parquet needs random access (the schema is in the footer). A gzip stream only emulates seeking
    by re-decompressing from the start, so it is first spooled to a temporary file.
    """
    with ExitStack() as stack:
        if isinstance(stream, gzip.GzipFile):
            spool = stack.enter_context(tempfile.TemporaryFile())
            try:
                shutil.copyfileobj(stream, spool)
            except (EOFError, OSError) as exc:
                raise RecordError(source, 1, "record", None, f"corrupt gzip data: {exc}") from None
            spool.seek(0)
            stream = spool  # type: ignore[assignment]
        try:
            parquet = stack.enter_context(pq.ParquetFile(stream))
        except (pa.ArrowException, OSError) as exc:
            raise RecordError(
                source, 1, "record", None, f"not a readable Parquet file: {exc}"
            ) from None
        number = 1
        batches = parquet.iter_batches(batch_size=batch_size)
        while True:
            try:
                batch = next(batches)
                records = batch_records(batch)
            except StopIteration:
                return
            except (pa.ArrowException, OSError, ValueError, OverflowError) as exc:
                raise RecordError(
                    source, number, "record", None, f"unreadable Parquet data: {exc}"
                ) from None
            for record in records:
                yield number, record
                number += 1


def batch_records(batch: pa.RecordBatch) -> list[dict[str, Any]]:
    """Rows of ``batch`` as dicts of JSON-compatible values (see ``converter``)."""
    columns: list[list[Any]] = []
    for column in batch.columns:
        wide = _without_nanoseconds(column.type)
        if wide is not None:
            column = pc.cast(column, wide, safe=False)
        values = column.to_pylist()
        convert = converter(column.type)
        if convert is not None:
            values = [None if value is None else convert(value) for value in values]
        columns.append(values)
    names = batch.schema.names
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _without_nanoseconds(dtype: pa.DataType) -> pa.DataType | None:
    """``dtype`` with nanosecond temporal types made microsecond, or None if it has none.

    Python's datetime, time and timedelta stop at microseconds and pyarrow refuses to drop the
    nanoseconds silently; a catalog never needs them, so they are truncated.
    """
    if pa.types.is_timestamp(dtype) and dtype.unit == "ns":
        return pa.timestamp("us", tz=dtype.tz)
    if pa.types.is_duration(dtype) and dtype.unit == "ns":
        return pa.duration("us")
    if pa.types.is_time64(dtype) and dtype.unit == "ns":
        return pa.time64("us")
    if pa.types.is_list(dtype) or pa.types.is_large_list(dtype):
        inner = _without_nanoseconds(dtype.value_type)
        if inner is None:
            return None
        return pa.list_(inner) if pa.types.is_list(dtype) else pa.large_list(inner)
    if pa.types.is_fixed_size_list(dtype):
        inner = _without_nanoseconds(dtype.value_type)
        return None if inner is None else pa.list_(inner, dtype.list_size)
    if pa.types.is_struct(dtype):
        fields = [dtype.field(i) for i in range(dtype.num_fields)]
        wide = [_without_nanoseconds(field.type) for field in fields]
        if all(w is None for w in wide):
            return None
        return pa.struct(
            [f.with_type(w) if w is not None else f for f, w in zip(fields, wide, strict=True)]
        )
    if pa.types.is_map(dtype):
        item = _without_nanoseconds(dtype.item_type)
        return None if item is None else pa.map_(dtype.key_type, item)
    return None


_BINARY = (
    pa.types.is_binary,
    pa.types.is_large_binary,
    pa.types.is_fixed_size_binary,
    pa.types.is_binary_view,
)
_LISTS = (
    pa.types.is_list,
    pa.types.is_large_list,
    pa.types.is_fixed_size_list,
    pa.types.is_list_view,
    pa.types.is_large_list_view,
)


def converter(dtype: pa.DataType) -> Convert | None:
    """A function turning one non-null ``to_pylist`` value of ``dtype`` into JSON-compatible form.

    None when the value is already JSON-compatible. Timestamps, dates and times become ISO 8601
    strings, durations seconds, decimals floats, non-finite floats null, binary UTF-8 text (or
    base64 when it is not text), maps objects (or ``[key, value]`` pairs for non-string keys).
    """
    if isinstance(dtype, pa.ExtensionType):
        return converter(dtype.storage_type)
    if pa.types.is_dictionary(dtype):
        return converter(dtype.value_type)
    if pa.types.is_interval(dtype):
        return _interval
    if pa.types.is_duration(dtype):
        return _seconds
    if pa.types.is_temporal(dtype):
        return _iso
    if pa.types.is_decimal(dtype):
        return float
    if pa.types.is_floating(dtype):
        return _finite
    if any(test(dtype) for test in _BINARY):
        return _text
    if any(test(dtype) for test in _LISTS):
        return _list_of(converter(dtype.value_type))
    if pa.types.is_struct(dtype):
        return _struct_of(dtype)
    if pa.types.is_map(dtype):
        return _map_of(dtype)
    return None


def _iso(value: Any) -> str:
    return str(value.isoformat())


def _seconds(value: Any) -> float:
    return float(value.total_seconds())


def _interval(value: Any) -> list[int]:
    return [value.months, value.days, value.nanoseconds]


def _finite(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return base64.b64encode(value).decode("ascii")


def _list_of(inner: Convert | None) -> Convert | None:
    if inner is None:
        return None
    return lambda items: [None if item is None else inner(item) for item in items]


def _struct_of(dtype: pa.StructType) -> Convert | None:
    fields = {dtype.field(i).name: converter(dtype.field(i).type) for i in range(dtype.num_fields)}
    active = {name: convert for name, convert in fields.items() if convert is not None}
    if not active:
        return None

    def convert_struct(value: dict[str, Any]) -> dict[str, Any]:
        out = dict(value)
        for name, convert in active.items():
            item = out.get(name)
            if item is not None:
                out[name] = convert(item)
        return out

    return convert_struct


def _same(value: Any) -> Any:
    return value


def _map_of(dtype: pa.MapType) -> Convert:
    key = converter(dtype.key_type) or _same
    item = converter(dtype.item_type) or _same

    def pairs(entries: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        return [(key(k), None if v is None else item(v)) for k, v in entries]

    if pa.types.is_string(dtype.key_type) or pa.types.is_large_string(dtype.key_type):
        return lambda entries: dict(pairs(entries))
    return lambda entries: [list(pair) for pair in pairs(entries)]
