"""What the soak sends: a deterministic search mix and a stream of small document writes.

Searches are built once from the catalog's own vocabulary and pre-encoded (the load generator
must stay cheap); each carries the key it is sent with, so a share of them go through a
search-only key's access check. Writes cycle through additions of new documents, partial
updates and full replacements of catalog documents, and deletions of the oldest added ones, so
the index stays about the size it started at. Every update and replacement stamps its documents
with the op's number (``soak_rev``), which is what the final check searches for.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from souk.bench.workload import PRICE_CAPS, _typo
from souk.demo.products import generate_products
from souk.demo.vocabulary import COLORS

INDEX = "soak"
SETTINGS: dict[str, Any] = {
    "searchableAttributes": ["title", "description", "brand", "color", "category", "tags"],
    "filterableAttributes": [
        "brand",
        "color",
        "category",
        "price",
        "in_stock",
        "rating",
        "soak_rev",
    ],
    "sortableAttributes": ["price", "rating", "created_ts"],
    "pagination": {"maxTotalHits": 1_000_000},
    "embedders": {},
}
#: (kind, weight): the share of each search kind in the mix
KINDS: tuple[tuple[str, int], ...] = (
    ("keyword", 25),
    ("filtered", 15),
    ("typo", 15),
    ("browse", 10),
    ("sorted", 10),
    ("facets", 10),
    ("get", 10),
    ("multi", 5),
)
SEARCH_KEY_SHARE = 0.3


@dataclass(frozen=True)
class Request:
    """One pre-built HTTP request; ``key`` is ``"master"`` or ``"search"``."""

    kind: str
    method: str
    path: str
    key: str
    body: bytes | None = None
    params: tuple[tuple[str, str], ...] = ()
    #: bytes a good response must contain (a cheap check without parsing the JSON)
    expect: bytes = b'"hits"'


def _post(kind: str, path: str, key: str, body: dict[str, Any], expect: bytes) -> Request:
    return Request(kind, "POST", path, key, orjson.dumps(body), expect=expect)


def search_mix(products: Sequence[dict[str, Any]], count: int, seed: int) -> list[Request]:
    """``count`` search requests in a seeded random order, kinds weighted by :data:`KINDS`."""
    rng = random.Random(seed)
    english = [p for p in products if p.get("lang") == "en"] or list(products)
    subcategories = sorted({str(p["subcategory"]).lower() for p in english})
    categories = sorted({str(p["category"]) for p in products})
    names, weights = zip(*KINDS, strict=True)
    path = f"/indexes/{INDEX}/search"
    out: list[Request] = []
    for _ in range(count):
        kind = rng.choices(names, weights)[0]
        key = "search" if rng.random() < SEARCH_KEY_SHARE else "master"
        words = f"{rng.choice(COLORS)} {rng.choice(subcategories)}"
        cap = rng.choice(PRICE_CAPS)
        body: dict[str, Any] = {"q": words, "limit": 20}
        if kind == "keyword":
            body["facets"] = ["brand", "color"]
        elif kind == "filtered":
            body["filter"] = f"price < {cap} AND in_stock = true"
        elif kind == "typo":
            body["q"] = _typo(words, rng)
            body["facets"] = ["brand", "color"]
        elif kind == "browse":
            body = {
                "q": "",
                "filter": f'category = "{rng.choice(categories)}" AND price < {cap}',
                "sort": ["price:asc"],
                "limit": 20,
            }
        elif kind == "sorted":
            body["sort"] = ["rating:desc"]
        elif kind == "facets":
            body = {
                "q": "",
                "filter": f"price < {cap}",
                "facets": ["category", "brand", "color"],
                "limit": 0,
            }
        elif kind == "get":
            params = (("q", words), ("limit", "10"), ("attributesToRetrieve", "id,title,price"))
            out.append(Request(kind, "GET", path, key, params=params))
            continue
        elif kind == "multi":
            queries = [
                {"indexUid": INDEX, "q": words, "limit": 5},
                {"indexUid": INDEX, "q": "", "filter": f"price < {cap}", "limit": 5},
            ]
            out.append(_post(kind, "/multi-search", key, {"queries": queries}, b'"results"'))
            continue
        out.append(_post(kind, path, key, body, b'"hits"'))
    return out


@dataclass
class WriteOp:
    """One write: its request, how many documents it carries, and what it leaves behind."""

    number: int
    kind: str
    method: str
    path: str
    body: bytes
    documents: int
    #: for updates and replacements: id -> the ``soak_rev`` it now carries
    revisions: dict[str, int] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


class WriteStream:
    """The writes, in the order they are sent (tasks apply in that order too).

    It keeps what the index must hold afterwards: the live added ids, the deleted ones, and the
    latest ``soak_rev`` of every catalog document that was updated or replaced.
    """

    ROTATION = ("add", "update", "delete", "replace")

    def __init__(self, products: Sequence[dict[str, Any]], batch: int, seed: int) -> None:
        self.products = products
        self.batch = batch
        self.rng = random.Random(seed)
        self._fresh: Iterator[dict[str, Any]] = generate_products(10**9, seed=seed + 1)
        self._added = 0
        self.live: list[str] = []
        self.deleted: list[str] = []
        self.revision: dict[str, int] = {}
        self.ops = 0

    def __next__(self) -> WriteOp:
        self.ops += 1
        kind = self.ROTATION[(self.ops - 1) % len(self.ROTATION)]
        if kind == "delete" and len(self.live) < 2 * self.batch:
            kind = "add"  # keep a pool of added documents to delete from
        build = {"add": self._add, "update": self._update, "delete": self._delete}
        return build.get(kind, self._replace)()

    def __iter__(self) -> WriteStream:
        return self

    @property
    def expected_count(self) -> int:
        return len(self.products) + len(self.live)

    def _docs_path(self) -> str:
        return f"/indexes/{INDEX}/documents"

    def _add(self) -> WriteOp:
        docs = []
        for product in (next(self._fresh) for _ in range(self.batch)):
            self._added += 1
            docs.append({**product, "id": f"s{self._added:07d}"})
        ids = tuple(str(d["id"]) for d in docs)
        self.live.extend(ids)
        return WriteOp(
            self.ops, "add", "POST", self._docs_path(), orjson.dumps(docs), len(docs), added=ids
        )

    def _sample(self) -> list[dict[str, Any]]:
        picks = self.rng.sample(range(len(self.products)), min(self.batch, len(self.products)))
        return [self.products[i] for i in picks]

    def _update(self) -> WriteOp:
        docs = [
            {
                "id": p["id"],
                "price": round(self.rng.uniform(5, 300), 2),
                "stock": self.rng.randrange(0, 500),
                "soak_rev": self.ops,
            }
            for p in self._sample()
        ]
        return self._revise("update", "PUT", docs)

    def _replace(self) -> WriteOp:
        docs = [
            {**p, "title": f"{p['title']} (rev {self.ops})", "soak_rev": self.ops}
            for p in self._sample()
        ]
        return self._revise("replace", "POST", docs)

    def _revise(self, kind: str, method: str, docs: list[dict[str, Any]]) -> WriteOp:
        revisions = {str(d["id"]): self.ops for d in docs}
        self.revision.update(revisions)
        return WriteOp(
            self.ops,
            kind,
            method,
            self._docs_path(),
            orjson.dumps(docs),
            len(docs),
            revisions=revisions,
        )

    def _delete(self) -> WriteOp:
        ids, self.live = self.live[: self.batch], self.live[self.batch :]
        self.deleted.extend(ids)
        return WriteOp(
            self.ops,
            "delete",
            "POST",
            f"/indexes/{INDEX}/documents/delete-batch",
            orjson.dumps(ids),
            len(ids),
            deleted=tuple(ids),
        )
