"""Streaming catalog readers: formats, gzip, batching, typed CSV, error locations, laziness."""

from __future__ import annotations

import datetime as dt
import decimal
import gc
import gzip
import json
import pickle
import tracemalloc
import warnings
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from souk.readers import (
    RecordBatch,
    RecordError,
    ShapeLimits,
    count_records_hint,
    detect_format,
    read_batches,
    read_bytes_batches,
)


def write(tmp_path: Path, name: str, data: bytes, *, gz: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def collect(
    batches: Any,
) -> tuple[list[dict[str, Any]], list[int], RecordError | None, list[RecordBatch]]:
    """All records and locations, the error (if any) and the batches themselves."""
    seen = list(batches)
    records = [record for batch in seen for record in batch.records]
    locations = [location for batch in seen for location in batch.locations]
    errors = [batch.error for batch in seen if batch.error is not None]
    assert len(errors) <= 1
    if errors:
        assert seen[-1].error is errors[0], "the failed batch must be the last one"
    return records, locations, errors[0] if errors else None, seen


def ndjson(records: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(record) + b"\n" for record in records)


# --- format detection -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("products.csv", "csv"),
        ("products.CSV.gz", "csv"),
        ("a.ndjson", "ndjson"),
        ("a.jsonl.gz", "ndjson"),
        ("dir.v2/a.json", "json"),
        ("a.min.json", "json"),
        ("a.parquet", "parquet"),
        ("a.parquet.gz", "parquet"),
    ],
)
def test_detect_format_from_extension(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt
    assert detect_format(Path(name)) == fmt


def test_detect_format_content_type_wins_and_generic_types_fall_back() -> None:
    assert detect_format("<body>", "application/x-ndjson") == "ndjson"
    assert detect_format("a.json", "text/csv; charset=utf-8") == "csv"
    assert detect_format("x", "Application/JSON") == "json"
    assert detect_format("x", "application/vnd.apache.parquet") == "parquet"
    assert detect_format("a.csv", "application/octet-stream") == "csv"


@pytest.mark.parametrize("name", ["a.txt", "a", "a.gz", "csv"])
def test_detect_format_unknown_raises(name: str) -> None:
    with pytest.raises(ValueError, match="cannot tell the format"):
        detect_format(name)


# --- the error type -------------------------------------------------------------------------


def test_record_error_message_attributes_and_pickling() -> None:
    err = RecordError("products.csv", 7, "line", "price", "expected a number, got 'abc'")
    assert str(err) == "products.csv line 7, field `price`: expected a number, got 'abc'"
    assert isinstance(err, ValueError)
    assert str(RecordError("a.json", 3, "record", None, "boom")) == "a.json record 3: boom"
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.source, copy.location, copy.location_kind, copy.field, copy.reason) == (
        "products.csv",
        7,
        "line",
        "price",
        "expected a number, got 'abc'",
    )
    assert str(copy) == str(err)


# --- argument checks ------------------------------------------------------------------------


def test_bad_arguments_raise_at_call_time(tmp_path: Path) -> None:
    path = write(tmp_path, "a.ndjson", b'{"a": 1}\n')
    with pytest.raises(ValueError, match="batch_size"):
        read_batches(path, batch_size=0)
    with pytest.raises(ValueError, match="unknown format"):
        read_batches(path, fmt="xml")
    with pytest.raises(FileNotFoundError):
        read_batches(tmp_path / "missing.ndjson")
    with pytest.raises(ValueError, match="delimiter"):
        read_bytes_batches(b"a\n", "csv", csv_delimiter=";;")
    with pytest.raises(ValueError, match="unknown format"):
        read_bytes_batches(b"", "yaml")


# --- NDJSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True])
def test_ndjson_plain_and_gzipped(tmp_path: Path, gz: bool) -> None:
    data = b'{"id": 1, "t": "caf\xc3\xa9"}\n\n   \n{"id": 2, "n": [1, {"x": null}]}\r\n{"id": 3}'
    path = write(tmp_path, "p.ndjson.gz" if gz else "p.ndjson", data, gz=gz)
    records, locations, error, batches = collect(read_batches(path))
    assert error is None
    assert records == [{"id": 1, "t": "café"}, {"id": 2, "n": [1, {"x": None}]}, {"id": 3}]
    assert locations == [1, 4, 5]  # blank lines skipped but counted
    assert {b.location_kind for b in batches} == {"line"}
    assert {b.source for b in batches} == {path.name}


def test_gzip_is_detected_by_magic_bytes_not_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, "p.jsonl", ndjson([{"a": 1}, {"a": 2}]), gz=True)
    records, _, error, _ = collect(read_batches(path))
    assert error is None
    assert records == [{"a": 1}, {"a": 2}]
    body = gzip.compress(b'[{"a": 1}]')
    assert collect(read_bytes_batches(body, "json"))[0] == [{"a": 1}]


def test_ndjson_bom_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "p.ndjson", b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n')
    assert collect(read_batches(path))[0] == [{"a": 1}, {"b": 2}]


def test_ndjson_invalid_json_reports_line_and_decoder_message(tmp_path: Path) -> None:
    path = write(tmp_path, "p.ndjson", b'{"a": 1}\n\n{"a": 2}\n{"a" 3}\n{"a": 4}\n')
    records, locations, error, _ = collect(read_batches(path))
    assert records == [{"a": 1}, {"a": 2}]
    assert locations == [1, 3]
    assert error is not None
    assert (error.source, error.location, error.location_kind, error.field) == (
        "p.ndjson",
        4,
        "line",
        None,
    )
    # orjson's own words, with the 1-based column of the offending character
    assert error.reason == "invalid JSON: unexpected character, expected ':' after key (column 6)"
    assert str(error).startswith("p.ndjson line 4: invalid JSON: ")


def test_ndjson_record_must_be_an_object() -> None:
    _, _, error, _ = collect(read_bytes_batches(b'{"a": 1}\n[1, 2]\n', "ndjson"))
    assert error is not None
    assert str(error) == "<body> line 2: expected a JSON object, got an array"


def test_ndjson_non_utf8_reports_the_line() -> None:
    data = b'{"a": "ok"}\n{"a": "caf\xe9"}\n'
    records, _, error, _ = collect(read_bytes_batches(data, "ndjson", source="up.ndjson"))
    assert records == [{"a": "ok"}]
    assert error is not None
    assert (error.location, error.location_kind) == (2, "line")
    assert "not valid UTF-8" in error.reason
    assert "0xe9" in error.reason


def test_truncated_gzip_reports_the_line_it_broke_on(tmp_path: Path) -> None:
    full = gzip.compress(ndjson([{"id": i, "pad": "x" * 40} for i in range(20_000)]))
    path = write(tmp_path, "p.ndjson.gz", full[: len(full) // 2])
    records, locations, error, _ = collect(read_batches(path, batch_size=500))
    assert error is not None
    assert error.reason.startswith("corrupt gzip data")
    assert 0 < len(records) < 20_000
    assert error.location == locations[-1] + 1 or error.location > locations[-1]
    assert records == [{"id": i, "pad": "x" * 40} for i in range(len(records))]


# --- batching -------------------------------------------------------------------------------


def test_batch_boundaries(tmp_path: Path) -> None:
    path = write(tmp_path, "p.ndjson", ndjson([{"i": i} for i in range(2500)]))
    records, locations, error, batches = collect(read_batches(path, batch_size=1000))
    assert error is None
    assert [len(b.records) for b in batches] == [1000, 1000, 500]
    assert [len(b.locations) for b in batches] == [1000, 1000, 500]
    assert records == [{"i": i} for i in range(2500)]
    assert locations == list(range(1, 2501))
    assert batches[1].locations[0] == 1001


def test_error_mid_batch_yields_partial_failed_batch_and_stops() -> None:
    data = ndjson([{"i": i} for i in range(7)]) + b"nope\n" + ndjson([{"i": 99}])
    batches = list(read_bytes_batches(data, "ndjson", batch_size=3))
    assert [len(b.records) for b in batches] == [3, 3, 1]
    assert [b.error is None for b in batches] == [True, True, False]
    last = batches[-1]
    assert last.records == [{"i": 6}]
    assert last.locations == [7]
    assert last.error is not None and last.error.location == 8


def test_error_right_after_a_full_batch_yields_an_empty_failed_batch() -> None:
    data = ndjson([{"i": i} for i in range(4)]) + b"[]\n"
    batches = list(read_bytes_batches(data, "ndjson", batch_size=2))
    assert [len(b.records) for b in batches] == [2, 2, 0]
    assert batches[-1].error is not None
    assert batches[-1].error.location == 5


def test_empty_inputs_yield_no_batches() -> None:
    assert list(read_bytes_batches(b"", "ndjson")) == []
    assert list(read_bytes_batches(b"\n\n", "ndjson")) == []
    assert list(read_bytes_batches(b"", "csv")) == []
    assert list(read_bytes_batches(b"a,b\n", "csv")) == []
    assert list(read_bytes_batches(b" [ ] ", "json")) == []


def test_closing_the_iterator_early_releases_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "p.ndjson", ndjson([{"i": i} for i in range(50)]))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        batches = read_batches(path, batch_size=10)
        assert len(next(batches).records) == 10
        batches.close()  # type: ignore[attr-defined]
        del batches
        gc.collect()


# --- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True])
def test_csv_typed_columns(tmp_path: Path, gz: bool) -> None:
    data = (
        b"id:number,title,price:number,in_stock:boolean,sku:string,released:date,a:b:number\n"
        b"1,Red mug,12.5,true,0042,2024-01-01,7\n"
        b"-2,,1e3,false,,x, 3 \n"
        b"9223372036854775808,Big,,,,,\n"
        b"+4,Plus,.5, true ,s,,-0.25\n"
    )
    path = write(tmp_path, "p.csv.gz" if gz else "p.csv", data, gz=gz)
    records, locations, error, _ = collect(read_batches(path))
    assert error is None
    assert locations == [2, 3, 4, 5]
    assert records[0] == {
        "id": 1,
        "title": "Red mug",
        "price": 12.5,
        "in_stock": True,
        "sku": "0042",
        "released:date": "2024-01-01",  # unknown suffix: part of a string column's name
        "a:b": 7,  # only the last colon splits
    }
    assert records[1] == {
        "id": -2,
        "title": None,
        "price": 1000.0,
        "in_stock": False,
        "sku": None,
        "released:date": "x",
        "a:b": 3,
    }
    assert records[2]["id"] == 9223372036854775808.0  # beyond i64: a float
    assert isinstance(records[2]["id"], float)
    assert records[2]["price"] is None and records[2]["in_stock"] is None
    assert records[3]["id"] == 4 and records[3]["price"] == 0.5
    assert records[3]["in_stock"] is True and records[3]["a:b"] == -0.25
    assert isinstance(records[0]["id"], int) and not isinstance(records[0]["id"], bool)


def test_csv_strings_keep_spaces_and_empty_cells_are_null() -> None:
    data = b"a,b,c\n1,,\n x ,2,\n"
    records, _, error, _ = collect(read_bytes_batches(data, "csv"))
    assert error is None
    assert records == [{"a": "1", "b": None, "c": None}, {"a": " x ", "b": "2", "c": None}]


def test_csv_a_row_missing_a_column_is_malformed_like_one_with_an_extra_column() -> None:
    """A short row used to be accepted: its missing trailing fields would silently vanish
    from the document (and from an existing one, on update)."""
    for data, cells in ((b"a,b,c\n1,2,3\n4,5\n", 2), (b"a,b,c\n1,2,3\n4,5,6,7\n", 4)):
        records, _, error, _ = collect(read_bytes_batches(data, "csv"))
        assert records == [{"a": "1", "b": "2", "c": "3"}]
        assert error is not None and (error.location, error.location_kind) == (3, "line")
        assert f"the row has {cells} cells but the header has 3" in str(error)


def test_a_document_nested_too_deep_or_too_big_is_malformed_and_named() -> None:
    deep = b"[" + b'{"id": 1}, {"id": 2, "n": ' + b'{"x": ' * 40 + b"1" + b"}" * 40 + b"}]"
    records, _, error, _ = collect(read_bytes_batches(deep, "json"))
    assert records == [{"id": 1}]
    assert error is not None and error.location == 2
    assert "nested deeper than the limit of 32 levels" in str(error)
    big = b'{"id": 1, "d": "' + b"x" * 2000 + b'"}\n'
    limits = ShapeLimits(max_depth=32, max_bytes=1024)
    _, _, error, _ = collect(read_bytes_batches(big, "ndjson", limits=limits))
    assert error is not None and "larger than the limit of 1,024 bytes" in str(error)
    shallow = b'{"id": 1, "n": ' + b'{"x": ' * 30 + b"1" + b"}" * 30 + b"}"
    records, _, error, _ = collect(read_bytes_batches(shallow, "json"))
    assert error is None and len(records) == 1


def test_csv_bad_number_names_line_and_field(tmp_path: Path) -> None:
    data = b"id:number,price:number\n1,2\n2,3\n3,abc\n4,5\n"
    path = write(tmp_path, "products.csv", data)
    records, _, error, _ = collect(read_batches(path))
    assert records == [{"id": 1, "price": 2}, {"id": 2, "price": 3}]
    assert error is not None
    assert str(error) == "products.csv line 4, field `price`: expected a number, got 'abc'"
    assert (error.location, error.location_kind, error.field) == (4, "line", "price")


@pytest.mark.parametrize("bad", ["1_000", "nan", "inf", "0x10", "1,5", "--1", "١"])
def test_csv_rejects_non_json_numbers(bad: str) -> None:
    data = f'n:number\n"{bad}"\n'.encode()
    _, _, error, _ = collect(read_bytes_batches(data, "csv"))
    assert error is not None
    assert error.field == "n" and error.location == 2


def test_csv_bad_boolean() -> None:
    data = b"name,ok:boolean\na,true\nb,True\n"
    records, _, error, _ = collect(read_bytes_batches(data, "csv", source="flags.csv"))
    assert records == [{"name": "a", "ok": True}]
    assert error is not None
    assert str(error) == (
        "flags.csv line 3, field `ok`: expected a boolean (true or false), got 'True'"
    )


def test_csv_too_many_cells_is_an_error() -> None:
    data = b"a,b\n1,2\n1,2,3\n"
    records, _, error, _ = collect(read_bytes_batches(data, "csv"))
    assert records == [{"a": "1", "b": "2"}]
    assert error is not None
    assert (error.location, error.field) == (3, None)
    assert error.reason == "the row has 3 cells but the header has 2"


def test_csv_multiline_cells_count_the_line_where_the_row_starts() -> None:
    data = (
        b'id,desc\n1,"one\nline two\nline three"\n\n2,"x"\n3,"a ""quoted""\r\nword"\n4,ok,extra\n'
    )
    records, locations, error, _ = collect(read_bytes_batches(data, "csv"))
    assert records == [
        {"id": "1", "desc": "one\nline two\nline three"},
        {"id": "2", "desc": "x"},
        {"id": "3", "desc": 'a "quoted"\r\nword'},
    ]
    assert locations == [2, 6, 7]
    assert error is not None and error.location == 9


def test_csv_bom_crlf_and_delimiter() -> None:
    data = b"\xef\xbb\xbfid:number;name\r\n1;caf\xc3\xa9\r\n2;b\r\n"
    records, locations, error, _ = collect(read_bytes_batches(data, "csv", csv_delimiter=";"))
    assert error is None
    assert records == [{"id": 1, "name": "café"}, {"id": 2, "name": "b"}]
    assert locations == [2, 3]


def test_csv_non_utf8_reports_the_physical_line() -> None:
    data = b'a,b\n1,2\n3,"multi\nline \xff"\n'
    records, _, error, _ = collect(read_bytes_batches(data, "csv"))
    assert records == [{"a": "1", "b": "2"}]
    assert error is not None
    assert (error.location, error.location_kind) == (4, "line")
    assert error.reason.startswith("not valid UTF-8")


def test_csv_malformed_quoting_reports_the_row_start() -> None:
    _, _, error, _ = collect(read_bytes_batches(b'a,b\n1,2\n3,"open\nnever closed\n', "csv"))
    assert error is not None
    assert error.location == 3
    assert error.reason.startswith("malformed CSV")
    _, _, error, _ = collect(read_bytes_batches(b'a,b\n1,"x"y\n', "csv"))
    assert error is not None and error.location == 2


def test_csv_header_problems() -> None:
    _, _, error, _ = collect(read_bytes_batches(b"a,b:number,a\n1,2,3\n", "csv"))
    assert error is not None
    assert (error.location, error.field, error.reason) == (1, "a", "duplicate column name")
    _, _, error, _ = collect(read_bytes_batches(b"a,,c\n1,2,3\n", "csv"))
    assert error is not None
    assert (error.location, error.reason) == (1, "column 2 has no name")


# --- JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True])
def test_json_array_plain_and_gzipped(tmp_path: Path, gz: bool) -> None:
    items = [{"id": i, "t": f"t{i}", "nested": {"l": [i, None, True]}} for i in range(5)]
    path = write(
        tmp_path, "a.json.gz" if gz else "a.json", json.dumps(items, indent=2).encode(), gz=gz
    )
    records, locations, error, batches = collect(read_batches(path, batch_size=2))
    assert error is None
    assert records == items
    assert locations == [1, 2, 3, 4, 5]
    assert [len(b.records) for b in batches] == [2, 2, 1]
    assert {b.location_kind for b in batches} == {"record"}


def test_json_single_object_with_bom_and_whitespace() -> None:
    data = b'\xef\xbb\xbf \n {"id": "a", "v": [1, 2]} \n'
    records, locations, error, _ = collect(read_bytes_batches(data, "json"))
    assert error is None
    assert records == [{"id": "a", "v": [1, 2]}]
    assert locations == [1]


def test_json_records_spanning_read_chunks_match_a_whole_parse() -> None:
    # ~1.2 MB: elements and multi-byte characters straddle the reader's 64 KiB chunk edges.
    items = [{"id": i, "name": "Ünïcødé ☕ 商品 " * (i % 17), "n": i * 0.5} for i in range(6000)]
    data = json.dumps(items, ensure_ascii=False).encode()
    records, locations, error, _ = collect(read_bytes_batches(data, "json", batch_size=999))
    assert error is None
    assert records == json.loads(data)
    assert locations == list(range(1, 6001))


def test_json_element_much_larger_than_a_chunk() -> None:
    big = {"id": "big", "description": "é" * 700_000}
    data = orjson.dumps([{"id": "a"}, big, {"id": "c"}])
    records, _, error, _ = collect(read_bytes_batches(data, "json"))
    assert error is None
    assert records == [{"id": "a"}, big, {"id": "c"}]


def test_json_invalid_reports_record_number_and_decoder_message(tmp_path: Path) -> None:
    data = b'[\n  {"a": 1},\n  {"a": 2},\n  {"a": 3 "b": 4},\n  {"a": 5}\n]'
    path = write(tmp_path, "a.json", data)
    records, _, error, _ = collect(read_batches(path))
    assert records == [{"a": 1}, {"a": 2}]
    assert error is not None
    assert (error.location, error.location_kind, error.field) == (3, "record", None)
    assert error.reason == "invalid JSON: Expecting ',' delimiter (line 4, column 11)"
    assert str(error) == f"a.json record 3: {error.reason}"


@pytest.mark.parametrize(
    ("data", "location", "reason"),
    [
        (b'[{"a": 1}, 2]', 2, "expected a JSON object, got a number"),
        (b'[{"a": 1}, [{"b": 2}]]', 2, "expected a JSON object, got an array"),
        (b'"text"', 1, "invalid JSON: expected a JSON array or object (line 1, column 1)"),
        (b'[{"a": 1},]', 2, "invalid JSON: Expecting value (line 1, column 11)"),
        (b'[{"a": 1} {"a": 2}]', 2, "invalid JSON: Expecting ',' delimiter (line 1, column 11)"),
        (
            b'[{"a": 1}] [',
            2,
            "invalid JSON: Extra data after the JSON document (line 1, column 12)",
        ),
        (
            b'{"a": 1}\n{"a": 2}',
            2,
            "invalid JSON: Extra data after the JSON document (line 2, column 1)",
        ),
        (b'[{"a": 1}, {"a": NaN}]', 2, "invalid JSON: NaN is not valid JSON (line 1, column 12)"),
        (
            b'[{"a": 1}, {"a": "x',
            2,
            "invalid JSON: Unterminated string starting at (line 1, column 18)",
        ),
        (b'[{"a": 1}', 2, "invalid JSON: Expecting ',' delimiter or ']' (line 1, column 10)"),
        (
            b"   ",
            1,
            "invalid JSON: expected a JSON array or object, got an empty input (line 1, column 4)",
        ),
    ],
)
def test_json_errors(data: bytes, location: int, reason: str) -> None:
    records, _, error, _ = collect(read_bytes_batches(data, "json"))
    assert error is not None
    assert (error.location, error.reason) == (location, reason)
    assert len(records) == location - 1


def test_json_non_utf8_reports_record_and_line() -> None:
    data = b'[{"a": "ok"},\n {"a": "caf\xe9"}]'
    records, _, error, _ = collect(read_bytes_batches(data, "json"))
    assert records == [{"a": "ok"}]
    assert error is not None
    assert error.location == 2
    assert error.reason.startswith("not valid UTF-8")
    assert "line 2, column 12" in error.reason


def test_json_huge_integers_become_floats_like_ndjson() -> None:
    body = b'[{"a": 123456789012345678901234567890, "b": 18446744073709551615}]'
    (record,) = collect(read_bytes_batches(body, "json"))[0]
    assert record == {"a": 1.2345678901234568e29, "b": 18446744073709551615}
    assert isinstance(record["a"], float) and isinstance(record["b"], int)
    line = b'{"a": 123456789012345678901234567890}\n'
    assert collect(read_bytes_batches(line, "ndjson"))[0] == [{"a": 1.2345678901234568e29}]


# --- Parquet --------------------------------------------------------------------------------


def _parquet_table() -> pa.Table:
    paris = dt.timezone(dt.timedelta(hours=1))
    return pa.table(
        {
            "id": pa.array([1, 2, 3], pa.int64()),
            "name": pa.array(["a", None, "c"]),
            "price": pa.array(
                [decimal.Decimal("12.50"), None, decimal.Decimal("0.10")], pa.decimal128(6, 2)
            ),
            "score": pa.array([1.5, float("nan"), None], pa.float64()),
            "ok": pa.array([True, False, None]),
            "at": pa.array([1_700_000_000_123_456_789, None, 0], pa.timestamp("ns", tz="+01:00")),
            "naive": pa.array([dt.datetime(2024, 5, 1, 12, 30), None, None], pa.timestamp("ms")),
            "day": pa.array([dt.date(2024, 2, 29), None, None], pa.date32()),
            "tags": pa.array([["x", "y"], [], None], pa.list_(pa.string())),
            "dims": pa.array(
                [
                    {"w": 1, "seen": dt.datetime(2024, 1, 1, tzinfo=paris)},
                    None,
                    {"w": 3, "seen": None},
                ],
                pa.struct([("w", pa.int32()), ("seen", pa.timestamp("us", tz="+01:00"))]),
            ),
            "attrs": pa.array([[("color", "red")], None, []], pa.map_(pa.string(), pa.string())),
            "blob": pa.array([b"text", b"\xff\x00", None], pa.binary()),
            "kind": pa.array(["a", "b", "a"]).dictionary_encode(),
            "wait": pa.array([1_500_000_000, None, None], pa.duration("ns")),
        }
    )


@pytest.mark.parametrize("gz", [False, True])
def test_parquet_values_become_json_compatible(tmp_path: Path, gz: bool) -> None:
    plain = tmp_path / "plain.parquet"
    pq.write_table(_parquet_table(), plain)
    path = write(tmp_path, "p.parquet.gz" if gz else "p.parquet", plain.read_bytes(), gz=gz)
    records, locations, error, batches = collect(read_batches(path))
    assert error is None
    assert locations == [1, 2, 3]
    assert {b.location_kind for b in batches} == {"record"}
    first, second, third = records
    assert first == {
        "id": 1,
        "name": "a",
        "price": 12.5,
        "score": 1.5,
        "ok": True,
        "at": "2023-11-14T23:13:20.123456+01:00",  # nanoseconds truncated to microseconds
        "naive": "2024-05-01T12:30:00",
        "day": "2024-02-29",
        "tags": ["x", "y"],
        "dims": {"w": 1, "seen": "2024-01-01T00:00:00+01:00"},
        "attrs": {"color": "red"},
        "blob": "text",
        "kind": "a",
        "wait": 1.5,
    }
    assert second["score"] is None  # NaN is not JSON
    assert second["name"] is None and second["at"] is None and second["tags"] == []
    assert second["dims"] is None and second["attrs"] is None
    assert second["blob"] == "/wA="  # not UTF-8: base64
    assert third["at"] == "1970-01-01T01:00:00+01:00"
    assert third["dims"] == {"w": 3, "seen": None} and third["attrs"] == {}
    assert third["price"] == 0.1 and third["kind"] == "a"
    json.dumps(records, allow_nan=False)  # everything serialises as strict JSON


def test_parquet_batches_cross_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"i": list(range(2500))}), path, row_group_size=700)
    records, locations, error, batches = collect(read_batches(path, batch_size=1000))
    assert error is None
    assert [len(b.records) for b in batches] == [1000, 1000, 500]
    assert records == [{"i": i} for i in range(2500)]
    assert locations == list(range(1, 2501))


def test_parquet_from_bytes_and_garbage(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"a": ["x", "y"]}), path)
    records, _, error, _ = collect(read_bytes_batches(path.read_bytes(), "parquet"))
    assert error is None and records == [{"a": "x"}, {"a": "y"}]
    _, _, error, _ = collect(read_bytes_batches(b"not parquet at all", "parquet", source="up"))
    assert error is not None
    assert (error.source, error.location, error.location_kind) == ("up", 1, "record")
    assert error.reason.startswith("not a readable Parquet file")


def test_format_override(tmp_path: Path) -> None:
    path = write(tmp_path, "export.txt", ndjson([{"a": 1}]))
    assert collect(read_batches(path, fmt="ndjson"))[0] == [{"a": 1}]
    path = write(tmp_path, "rows.json", b"a:number\n5\n")
    assert collect(read_batches(path, fmt="csv"))[0] == [{"a": 5}]


# --- count hints ----------------------------------------------------------------------------


def test_count_records_hint_small_files_are_exact(tmp_path: Path) -> None:
    assert (
        count_records_hint(
            write(tmp_path, "a.ndjson", ndjson([{"i": i} for i in range(40)]) + b"\n\n")
        )
        == 40
    )
    assert count_records_hint(write(tmp_path, "a.csv", b"a,b\n1,2\n3,4\n")) == 2
    assert (
        count_records_hint(write(tmp_path, "a.json", orjson.dumps([{"i": i} for i in range(9)])))
        == 9
    )
    assert count_records_hint(write(tmp_path, "b.ndjson.gz", ndjson([{"i": 1}] * 7), gz=True)) == 7
    parquet = tmp_path / "a.parquet"
    pq.write_table(pa.table({"i": list(range(123))}), parquet)
    assert count_records_hint(parquet) == 123
    assert count_records_hint(write(tmp_path, "a.unknown", b"x")) is None
    assert count_records_hint(tmp_path / "missing.csv") is None


@pytest.mark.parametrize("name", ["big.ndjson", "big.ndjson.gz", "big.json", "big.csv"])
def test_count_records_hint_large_files_are_close(tmp_path: Path, name: str) -> None:
    items = [{"id": i, "title": f"product number {i}", "v": i % 97} for i in range(30_000)]
    if name.startswith("big.json"):
        data = orjson.dumps(items)
    elif name.startswith("big.csv"):
        data = b"id,title,v\n" + b"".join(
            f"{r['id']},{r['title']},{r['v']}\n".encode() for r in items
        )
    else:
        data = ndjson(items)
    hint = count_records_hint(write(tmp_path, name, data, gz=name.endswith(".gz")))
    assert hint is not None
    assert 27_000 <= hint <= 33_000


# --- streaming ------------------------------------------------------------------------------


def _big_ndjson(tmp_path: Path, lines: int = 50_000) -> Path:
    """About 5 MB: 50k product-like lines."""
    pad = b"lorem ipsum dolor sit amet " * 2
    return write(
        tmp_path,
        "big.ndjson",
        b"".join(
            b'{"id": %d, "title": "item %d", "tags": ["x", "y"], "d": "%s"}\n' % (i, i, pad)
            for i in range(lines)
        ),
    )


def test_ndjson_batches_arrive_before_the_file_is_read_to_the_end(tmp_path: Path) -> None:
    path = _big_ndjson(tmp_path)
    batches = read_batches(path, batch_size=1000)
    first = next(batches)
    assert first.locations == list(range(1, 1001))
    # Lines appended now are still seen: the reader had not reached the end of the file.
    with path.open("ab") as out:
        out.write(b'{"id": "late"}\n')
    rest = list(batches)
    assert sum(len(b.records) for b in rest) == 49_000 + 1
    assert rest[-1].records[-1] == {"id": "late"}
    assert rest[-1].locations[-1] == 50_001


@pytest.mark.parametrize("fmt", ["ndjson", "json"])
def test_memory_stays_bounded_by_the_batch_not_the_file(tmp_path: Path, fmt: str) -> None:
    path = _big_ndjson(tmp_path)
    if fmt == "json":
        path = write(
            tmp_path,
            "big.json",
            b"[" + path.read_bytes().rstrip(b"\n").replace(b"\n", b",\n") + b"]",
        )
    size = path.stat().st_size
    gc.collect()
    tracemalloc.start()
    try:
        count = 0
        for batch in read_batches(path, batch_size=100):
            assert batch.error is None
            count += len(batch.records)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 50_000
    # Parsing the whole file at once would need several times its size; streaming needs a
    # small fraction (a 64 KiB window plus one batch).
    assert peak < size / 10, (peak, size)
