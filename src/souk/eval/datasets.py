"""Readers and writers for evaluation files: docs.jsonl, queries.tsv, TREC qrels."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from souk.errors import SoukError


def _bad(path: Path, line: int, message: str) -> SoukError:
    return SoukError(f"{path.name} line {line}: {message}", "malformed_payload")


def read_docs(path: Path) -> Iterator[dict[str, Any]]:
    """One JSON object per line, each with an ``id``."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                doc = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise _bad(path, number, f"invalid JSON: {exc}") from exc
            if not isinstance(doc, dict) or "id" not in doc:
                raise _bad(path, number, "field `id`: every document needs an id")
            yield doc


def read_queries(path: Path) -> dict[str, str]:
    """``qid<TAB>query text`` per line."""
    queries: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        qid, sep, text = line.partition("\t")
        if not sep or not qid.strip():
            raise _bad(path, number, "expected `qid<TAB>query text`")
        queries[qid.strip()] = text.strip()
    return queries


def read_qrels(path: Path) -> dict[str, dict[str, float]]:
    """TREC qrels: ``qid 0 docid gain`` (gain ≥ 0, may be fractional)."""
    qrels: dict[str, dict[str, float]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise _bad(path, number, "expected `qid 0 docid gain`")
        qid, _, docid, raw_gain = parts
        try:
            gain = float(raw_gain)
        except ValueError:
            raise _bad(path, number, f"field `gain`: `{raw_gain}` is not a number") from None
        if gain < 0:
            raise _bad(path, number, "field `gain`: must be ≥ 0")
        qrels.setdefault(qid, {})[docid] = gain
    return qrels


def write_docs(path: Path, docs: Iterator[Mapping[str, Any]]) -> int:
    count = 0
    with path.open("wb") as handle:
        for doc in docs:
            handle.write(orjson.dumps(doc) + b"\n")
            count += 1
    return count


def write_queries(path: Path, queries: Mapping[str, str]) -> None:
    path.write_text("".join(f"{qid}\t{text}\n" for qid, text in queries.items()), encoding="utf-8")


def write_qrels(path: Path, qrels: Mapping[str, Mapping[str, float]]) -> None:
    lines = [
        f"{qid} 0 {docid} {gain:g}\n"
        for qid, judged in qrels.items()
        for docid, gain in judged.items()
    ]
    path.write_text("".join(lines), encoding="utf-8")
