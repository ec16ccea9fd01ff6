"""Grouping a stream of located records into fixed-size batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from souk.readers.errors import LocationKind, RecordError
from souk.readers.shape import ShapeLimits, shape_problem

Located = tuple[int, dict[str, Any]]
"""A record with its location (line or record number, see ``RecordError.location``)."""


@dataclass(slots=True)
class RecordBatch:
    """Up to ``batch_size`` consecutive records of one input.

    When ``error`` is set, a malformed record was met: the batch holds only the records before it
    and must be treated as failed as a whole. It is the last batch of the input.
    """

    source: str
    records: list[dict[str, Any]]
    locations: list[int]
    location_kind: LocationKind
    error: RecordError | None = None


def batched(
    items: Iterable[Located],
    source: str,
    kind: LocationKind,
    batch_size: int,
    limits: ShapeLimits | None = None,
) -> Iterator[RecordBatch]:
    """Cut ``items`` into batches; a ``RecordError`` ends them with a partial, failed batch.

    A record deeper or bigger than ``limits`` is such an error.
    """
    records: list[dict[str, Any]] = []
    locations: list[int] = []
    try:
        for location, record in items:
            if limits is not None and (problem := shape_problem(record, limits)):
                raise RecordError(source, location, kind, None, f"the document is {problem}")
            records.append(record)
            locations.append(location)
            if len(records) >= batch_size:
                yield RecordBatch(source, records, locations, kind)
                records, locations = [], []
    except RecordError as err:
        yield RecordBatch(source, records, locations, kind, err)
        return
    if records:
        yield RecordBatch(source, records, locations, kind)
