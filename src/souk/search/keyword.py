"""Keyword retrieval: term groups combined by the matching strategy, in relevance buckets.

Meilisearch's default ``last`` strategy returns documents matching every query word first, then
those matching all but the last word, and so on; ``all`` keeps only the first bucket and
``frequency`` drops the most common words first. Within a bucket documents are ordered by BM25
with field weights (exact > stem > prefix > typo), or by the requested sort.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import tantivy

from souk.retrieval.layout import IID_FIELD, leaf_values, sort_number_field, sort_string_field
from souk.retrieval.protocols import LexicalIndex
from souk.search.sorting import SortKey
from souk.text.normalize import normalize_value

# Multi-key sorts are finished in Python over at most this many documents per bucket.
MULTI_SORT_CAP = 10_000


DocumentLoader = Callable[[list[int]], Mapping[int, Mapping[str, Any]]]


@dataclass(frozen=True)
class KeywordHit:
    iid: int
    score: float
    bucket: int  # number of term groups the document matched (higher is better)


@dataclass
class KeywordResult:
    hits: list[KeywordHit]
    universe: tantivy.Query  # every document a user could page to (for totals and facets)
    total: int
    groups: int


def _must_all(parts: Sequence[tantivy.Query]) -> tantivy.Query:
    if len(parts) == 1:
        return parts[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])


def _with_filter(query: tantivy.Query, flt: tantivy.Query | None) -> tantivy.Query:
    if flt is None:
        return query
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, flt)])


def bucket_queries(
    group_queries: Sequence[tantivy.Query], strategy: str, frequencies: Sequence[int] | None
) -> list[tuple[int, tantivy.Query]]:
    """``(matched_groups, query)`` from strictest to loosest for the matching strategy."""
    n = len(group_queries)
    order = list(range(n))
    if strategy == "frequency" and frequencies is not None:
        # keep rare words longest: drop the most frequent first
        order = sorted(range(n), key=lambda i: frequencies[i])
    if strategy == "all":
        return [(n, _must_all(group_queries))]
    if strategy == "any":  # one bucket: any query word, by BM25 (candidates of the ranker)
        if n == 1:
            return [(1, group_queries[0])]
        return [
            (1, tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in group_queries]))
        ]
    out: list[tuple[int, tantivy.Query]] = []
    for kept in range(n, 0, -1):
        required = [group_queries[i] for i in order[:kept]]
        optional = [group_queries[i] for i in order[kept:]]
        clauses = [(tantivy.Occur.Must, q) for q in required]
        clauses += [(tantivy.Occur.Should, q) for q in optional]
        out.append(
            (kept, tantivy.Query.boolean_query(clauses) if len(clauses) > 1 else required[0])
        )
    return out


def keyword_search(
    lexical: LexicalIndex,
    group_queries: Sequence[tantivy.Query],
    *,
    flt: tantivy.Query | None,
    strategy: str,
    needed: int,
    sort: Sequence[SortKey] = (),
    frequencies: Sequence[int] | None = None,
    loader: DocumentLoader | None = None,
) -> KeywordResult:
    searcher = lexical.searcher
    if not group_queries:
        universe = flt if flt is not None else tantivy.Query.all_query()
        browse: list[KeywordHit]
        if sort:
            browse = _sorted_hits(lexical, universe, sort, needed, 0, loader)
        else:
            result = searcher.search(
                universe, limit=max(needed, 1), order_by_field=IID_FIELD, order=tantivy.Order.Asc
            )
            iids = lexical.iids([addr for _, addr in result.hits], searcher)
            browse = [KeywordHit(iid, 1.0, 0) for iid in iids][:needed]
        return KeywordResult(browse, universe, lexical.count(universe), 0)

    buckets = bucket_queries(group_queries, strategy, frequencies)
    if len(buckets) == 1 and not sort:
        # one bucket: the hits and the total come from one pass over the postings
        matched, query = buckets[0]
        scoped = _with_filter(query, flt)
        result = searcher.search(scoped, limit=max(needed, 1), count=True)
        iids = lexical.iids([addr for _, addr in result.hits], searcher)
        single = [
            KeywordHit(iid, float(score), matched)
            for (score, _), iid in zip(result.hits, iids, strict=True)
        ][:needed]
        total = int(getattr(result, "count", 0) or 0)
        return KeywordResult(single, scoped, total, len(group_queries))
    hits: list[KeywordHit] = []
    seen: set[int] = set()
    previous: tantivy.Query | None = None
    for matched, query in buckets:
        if len(hits) >= needed:
            break
        scoped = _with_filter(query, flt)
        if previous is not None:
            scoped = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, scoped), (tantivy.Occur.MustNot, previous)]
            )
        want = needed - len(hits)
        if sort:
            bucket_hits = _sorted_hits(lexical, scoped, sort, want, matched, loader)
        else:
            result = searcher.search(scoped, limit=want, count=False)
            iids = lexical.iids([addr for _, addr in result.hits], searcher)
            bucket_hits = [
                KeywordHit(iid, float(score), matched)
                for (score, _), iid in zip(result.hits, iids, strict=True)
            ]
        for hit in bucket_hits:
            if hit.iid not in seen:
                seen.add(hit.iid)
                hits.append(hit)
        previous = (
            query
            if previous is None
            else tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, previous), (tantivy.Occur.Should, query)]
            )
        )
    universe = _with_filter(buckets[-1][1], flt)
    total = lexical.count(universe)
    return KeywordResult(hits[:needed], universe, total, len(group_queries))


def _sort_field(lexical: LexicalIndex, attribute: str) -> str:
    """Sort by the numeric column when the attribute has numbers, else by its string column."""
    numeric = sort_number_field(attribute)
    stats = lexical.searcher.aggregate(
        tantivy.Query.all_query(), {"s": {"stats": {"field": numeric}}}
    )
    return numeric if stats.get("s", {}).get("count") else sort_string_field(attribute)


def _sorted_hits(
    lexical: LexicalIndex,
    query: tantivy.Query,
    sort: Sequence[SortKey],
    limit: int,
    bucket: int,
    loader: DocumentLoader | None,
) -> list[KeywordHit]:
    searcher = lexical.searcher
    first = sort[0]
    order = tantivy.Order.Desc if first.descending else tantivy.Order.Asc
    fetch = limit if len(sort) == 1 else MULTI_SORT_CAP
    result = searcher.search(
        query,
        limit=max(fetch, 1),
        count=False,
        order_by_field=_sort_field(lexical, first.attribute),
        order=order,
    )
    iids = lexical.iids([addr for _, addr in result.hits], searcher)
    if len(sort) > 1 and iids:
        if loader is None:
            raise RuntimeError("a multi-key sort needs a document loader")
        iids = _multi_key_order(loader(iids), iids, sort)
    return [KeywordHit(iid, 1.0, bucket) for iid in iids[:limit]]


def _multi_key_order(
    docs: Mapping[int, Mapping[str, Any]], iids: list[int], sort: Sequence[SortKey]
) -> list[int]:
    """Stable multi-key sort (last key first); numbers before strings, missing values last."""
    ordered = list(iids)
    for key in reversed(sort):
        present: list[tuple[int, Any]] = []
        missing: list[int] = []
        for iid in ordered:
            values = [v for v in leaf_values(docs.get(iid, {}), key.attribute) if v is not None]
            if not values:
                missing.append(iid)
                continue
            value = values[0]
            if isinstance(value, int | float) and not isinstance(value, bool):
                present.append((iid, (0, float(value), "")))
            else:
                present.append((iid, (1, 0.0, normalize_value(value))))
        present.sort(key=lambda item: item[1], reverse=key.descending)
        ordered = [iid for iid, _ in present] + missing
    return ordered
