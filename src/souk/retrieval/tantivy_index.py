"""The lexical index: tantivy on disk, fed with text pre-analysed in Python.

tantivy's Python bindings cannot run jieba or our stemming, so each searchable attribute is
analysed by :mod:`souk.text.analyzer` and stored as space-joined terms in a ``whitespace``
field. Filter, facet and sort values live in raw/fast fields (see :mod:`filter_fields` and
:mod:`layout`). Documents are addressed by ``_iid``, the store's stable integer id.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
import tantivy

from souk.errors import Code, SoukException
from souk.retrieval.filter_fields import add_filter_fields, filter_values
from souk.retrieval.layout import (
    ID_FIELD,
    IID_FIELD,
    FieldLayout,
    facet_field,
    leaf_values,
    sort_number_field,
    sort_string_field,
    text_field,
)
from souk.text.analyzer import index_terms
from souk.text.normalize import normalize_value


class LexicalIndexCorrupt(SoukException, RuntimeError):
    """The on-disk index cannot be opened; the engine rebuilds it from the store."""

    error_code = Code.LEXICAL_INDEX_CORRUPT


#: tantivy's list of the committed segments, rewritten at every commit (every other file of a
#: committed segment is written once and never changed)
META_FILE = "meta.json"


def committed_files(path: Path) -> list[str]:
    """The files that make up the last commit of the index at ``path``, sorted.

    That is ``meta.json`` and the files of the segments it names, with only the deletes file
    (``<segment>.<opstamp>.del``) that is current. Locks, ``.managed.json`` and the files of
    segments being written or merged away are not part of the committed index. Empty when
    there is no index; :class:`LexicalIndexCorrupt` when ``meta.json`` cannot be read.
    """
    try:
        meta = orjson.loads((path / META_FILE).read_bytes())
        live: dict[str, str | None] = {}
        for segment in meta["segments"]:
            deletes = segment.get("deletes")
            opstamp = f"{deletes['opstamp']}.del" if deletes else None
            live[str(segment["segment_id"]).replace("-", "")] = opstamp
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LexicalIndexCorrupt(f"unreadable {path / META_FILE}: {exc}") from exc
    names = [META_FILE]
    with os.scandir(path) as entries:
        for entry in entries:
            segment, _, rest = entry.name.partition(".")
            if segment not in live or not entry.is_file():
                continue
            if rest.endswith(".del") and rest != live[segment]:
                continue  # an older deletes file, garbage once the commit is done
            names.append(entry.name)
    return sorted(names)


def committed_document_count(path: Path) -> int:
    """How many live documents the committed index at ``path`` holds (opened read-only, so
    another process may be writing it); :class:`LexicalIndexCorrupt` if it cannot be opened."""
    try:
        index = tantivy.Index.open(str(path))
        index.reload()
        return int(index.searcher().num_docs)
    except (OSError, ValueError) as exc:
        raise LexicalIndexCorrupt(f"cannot open lexical index at {path}: {exc}") from exc


def build_schema(layout: FieldLayout) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field(IID_FIELD, stored=True, indexed=True, fast=True)
    builder.add_text_field(ID_FIELD, stored=True, tokenizer_name="raw", index_option="basic")
    for attribute in layout.searchable:
        builder.add_text_field(
            text_field(attribute),
            stored=False,
            tokenizer_name="whitespace",
            index_option="position",
        )
    add_filter_fields(builder, list(layout.filterable))
    for attribute in layout.filterable:
        builder.add_text_field(
            facet_field(attribute),
            stored=False,
            fast=True,
            tokenizer_name="raw",
            index_option="basic",
        )
    for attribute in layout.sortable:
        builder.add_float_field(
            sort_number_field(attribute), stored=False, indexed=False, fast=True
        )
        builder.add_text_field(
            sort_string_field(attribute),
            stored=False,
            fast=True,
            tokenizer_name="raw",
            index_option="basic",
        )
    return builder.build()


def searchable_text(doc: Mapping[str, Any], attribute: str) -> str:
    """The analysed terms of one attribute, space-joined for the whitespace tokenizer."""
    parts: list[str] = []
    for value in leaf_values(doc, attribute):
        if value is None or isinstance(value, bool):
            continue
        parts.extend(index_terms(str(value)))
    return " ".join(parts)


class TantivyIndex:
    """One tantivy index for one souk index; a single writer, many readers."""

    def __init__(
        self, path: Path | None, layout: FieldLayout, *, heap_mb: int = 128, threads: int = 1
    ) -> None:
        self.path = path
        self.layout = layout
        self.schema = build_schema(layout)
        self._heap = heap_mb * 1_000_000
        self._threads = threads
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.Lock()
        try:
            if path is not None:
                path.mkdir(parents=True, exist_ok=True)
                self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
            else:
                self.index = tantivy.Index(self.schema)
            self.index.reload()
            self._searcher = self.index.searcher()
        except (OSError, ValueError) as exc:
            raise LexicalIndexCorrupt(f"cannot open lexical index at {path}: {exc}") from exc

    @classmethod
    def recreate(cls, path: Path, layout: FieldLayout, **kwargs: Any) -> TantivyIndex:
        """An empty index at ``path``, replacing whatever was there.

        The old directory is first renamed aside (atomic), then removed: a handle still open on
        it (a search finishing on a dropped runtime) may write tantivy's bookkeeping files into
        it meanwhile, which made removing it in place fail with "Directory not empty".
        """
        if path.exists():
            aside = path.with_name(f"{path.name}.old-{uuid.uuid4().hex[:8]}")
            path.rename(aside)
            shutil.rmtree(aside, ignore_errors=True)
        return cls(path, layout, **kwargs)

    # -- writing -------------------------------------------------------------------------
    def _get_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self.index.writer(
                heap_size=max(self._heap, 15_000_000 * self._threads), num_threads=self._threads
            )
        return self._writer

    def to_document(self, iid: int, doc_id: str, body: Mapping[str, Any]) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_integer(IID_FIELD, iid)
        doc.add_text(ID_FIELD, doc_id)
        for attribute in self.layout.searchable:
            text = searchable_text(body, attribute)
            if text:
                doc.add_text(text_field(attribute), text)
        for name, values in filter_values(body, list(self.layout.filterable)).items():
            for value in values:
                if isinstance(value, float):
                    doc.add_float(name, value)
                else:
                    doc.add_text(name, value)
        for attribute in self.layout.filterable:
            for value in leaf_values(body, attribute):
                if isinstance(value, str | bool):
                    doc.add_text(
                        facet_field(attribute),
                        normalize_value(value) if isinstance(value, bool) else value,
                    )
        for attribute in self.layout.sortable:
            values = [v for v in leaf_values(body, attribute) if v is not None]
            numbers = [
                float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)
            ]
            if numbers:
                doc.add_float(sort_number_field(attribute), numbers[0])
            strings = [normalize_value(v) for v in values if isinstance(v, str | bool)]
            if strings:
                doc.add_text(sort_string_field(attribute), strings[0])
        return doc

    def upsert(self, docs: Iterable[tuple[int, str, Mapping[str, Any]]]) -> int:
        """Replace-or-add documents (uncommitted until :meth:`commit`)."""
        writer = self._get_writer()
        count = 0
        for iid, doc_id, body in docs:
            writer.delete_documents_by_term(IID_FIELD, iid)
            writer.add_document(self.to_document(iid, doc_id, body))
            count += 1
        return count

    def delete(self, iids: Iterable[int]) -> None:
        writer = self._get_writer()
        for iid in iids:
            writer.delete_documents_by_term(IID_FIELD, iid)

    def delete_all(self) -> None:
        self._get_writer().delete_all_documents()

    def commit(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.commit()
                self._writer.wait_merging_threads()
                self._writer = None
            self.index.reload()
            self._searcher = self.index.searcher()

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None

    def reload(self) -> None:
        with self._lock:
            self.index.reload()
            self._searcher = self.index.searcher()

    # -- reading -------------------------------------------------------------------------
    @property
    def searcher(self) -> tantivy.Searcher:
        return self._searcher

    def num_docs(self) -> int:
        return int(self._searcher.num_docs)

    def count(self, query: tantivy.Query) -> int:
        """How many documents match ``query`` (the typing stubs lack ``SearchResult.count``)."""
        result = self._searcher.search(query, limit=1, count=True)
        return int(getattr(result, "count", 0) or 0)

    def document_frequency(self, term: str) -> int:
        """In how many documents an analysed term occurs, in the searchable field where it
        is commonest (a rough count: deleted documents still count until a merge)."""
        searcher = self._searcher
        best = 0
        for attribute in self.layout.searchable:
            if attribute == "*":
                continue
            try:
                best = max(best, int(searcher.doc_freq(text_field(attribute), term)))
            except ValueError:  # not a field of this schema
                continue
        return best

    def iids(
        self, addresses: Sequence[tantivy.DocAddress], searcher: tantivy.Searcher | None = None
    ) -> list[int]:
        """The iids at ``addresses``, read through the ``searcher`` that found them.

        An address is only meaningful in the snapshot it came from: a commit in between swaps
        :attr:`searcher`, and resolving an old address against the new one fails
        (``Invalid segment_ord``) or, worse, names another document.
        """
        if not addresses:
            return []
        values = (searcher or self._searcher).fast_field_values(IID_FIELD, list(addresses))
        return [int(v) for v in values if v is not None]

    def all_iids(self, query: tantivy.Query | None = None) -> list[int]:
        """Every iid matching ``query`` (all documents when None)."""
        q = query if query is not None else tantivy.Query.all_query()
        searcher = self._searcher
        total = int(searcher.num_docs)
        if total == 0:
            return []
        result = searcher.search(q, limit=total, count=False)
        return self.iids([addr for _, addr in result.hits], searcher)
