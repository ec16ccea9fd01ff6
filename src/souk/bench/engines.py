"""The three engines under test, behind one small interface: souk over HTTP, tantivy called
in-process on an equivalent index (the floor), and Typesense through its Python client."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx
import tantivy

from souk.bench.workload import BenchQuery

FIELDS = ("id", "title", "description", "brand", "color", "category", "price")


def slim(product: dict[str, Any]) -> dict[str, Any]:
    """The attributes every engine indexes (the same data for all three)."""
    return {key: product[key] for key in FIELDS}


class SoukHttp:
    name = "souk"

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(
            base_url=url, timeout=600, limits=httpx.Limits(max_connections=32)
        )

    def _task(self, uid: int) -> dict[str, Any]:
        while True:
            task = self.client.get(f"/tasks/{uid}").json()
            if task["status"] in ("succeeded", "failed", "canceled"):
                return task  # type: ignore[no-any-return]
            time.sleep(0.05)

    def create(self, index: str, settings: dict[str, Any]) -> None:
        self._task(
            self.client.post("/indexes", json={"uid": index, "primaryKey": "id"}).json()["taskUid"]
        )
        task = self._task(
            self.client.patch(f"/indexes/{index}/settings", json=settings).json()["taskUid"]
        )
        if task["status"] != "succeeded":
            raise RuntimeError(f"settings failed: {task.get('error')}")

    def ingest(
        self,
        index: str,
        products: Sequence[dict[str, Any]],
        batch: int,
        progress: Callable[[int], None] | None = None,
    ) -> float:
        """Seconds from the first POST until the last batch is searchable."""
        started = time.perf_counter()
        uids = []
        for start in range(0, len(products), batch):
            chunk = [slim(p) for p in products[start : start + batch]]
            response = self.client.post(f"/indexes/{index}/documents", json=chunk)
            response.raise_for_status()
            uids.append(response.json()["taskUid"])
        for done, uid in enumerate(uids, start=1):
            task = self._task(uid)
            if task["status"] != "succeeded":
                raise RuntimeError(f"ingest task {uid} failed: {task.get('error')}")
            if progress is not None:
                progress(min(done * batch, len(products)))
        return time.perf_counter() - started

    def call(self, index: str, kind: str, query: BenchQuery) -> Callable[[], Any]:
        body: dict[str, Any] = {"q": query.words, "limit": 20}
        flt = f"price < {query.max_price}"
        if query.category is not None:
            flt = f'category = "{query.category}" AND {flt}'
        body["filter"] = flt
        if query.facets:
            body["facets"] = list(query.facets)
        if query.sort_by_price:
            body["sort"] = ["price:asc"]
        if kind == "hybrid":
            body["hybrid"] = {"semanticRatio": 0.5}
        path = f"/indexes/{index}/search"

        def run() -> Any:
            response = self.client.post(path, json=body)
            response.raise_for_status()
            return response.json()

        return run

    def vectors(self, index: str, count: int) -> list[tuple[str, float, list[float]]]:
        """(id, price, embedding) of an index's documents, as souk stored them."""
        body = {"limit": count, "retrieveVectors": True}
        response = self.client.post(f"/indexes/{index}/documents/fetch", json=body)
        response.raise_for_status()
        out = []
        for doc in response.json()["results"]:
            embeddings = doc["_vectors"]["default"]["embeddings"]
            vector = embeddings[0] if embeddings and isinstance(embeddings[0], list) else embeddings
            out.append((str(doc["id"]), float(doc["price"]), [float(x) for x in vector]))
        return out

    def vector_call(self, index: str, vector: list[float], max_price: float) -> Callable[[], Any]:
        body = {
            "vector": vector,
            "hybrid": {"semanticRatio": 1.0, "embedder": "default"},
            "filter": f"price < {max_price}",
            "limit": 20,
        }
        path = f"/indexes/{index}/search"

        def run() -> Any:
            response = self.client.post(path, json=body)
            response.raise_for_status()
            return response.json()

        return run


class VectorFloor:
    """hnswlib called in-process on the same vectors, with the same price filter."""

    name = "hnswlib"

    def __init__(self, items: Sequence[tuple[str, float, list[float]]]) -> None:
        import hnswlib
        import numpy as np

        matrix = np.asarray([v for _, _, v in items], dtype=np.float32)
        self.prices = [p for _, p, _ in items]
        self.index = hnswlib.Index(space="cosine", dim=matrix.shape[1])
        self.index.init_index(max_elements=len(items), ef_construction=200, M=16)
        self.index.add_items(matrix, list(range(len(items))))
        self.index.set_ef(100)
        self.index.set_num_threads(1)

    def call(self, vector: list[float], max_price: float) -> Callable[[], Any]:
        import numpy as np

        query = np.asarray([vector], dtype=np.float32)
        prices = self.prices
        # A filter can leave fewer than 20 eligible items (small smoke catalogs);
        # hnswlib raises rather than return a short list, so ask for what exists.
        eligible = sum(1 for price in prices if price < max_price)
        k = min(20, eligible)

        def allowed(label: int) -> bool:
            return prices[label] < max_price

        def run() -> Any:
            if k == 0:
                return None
            try:
                return self.index.knn_query(query, k=k, filter=allowed)
            except RuntimeError:
                # Filtered graph search may still reach fewer than k items at this ef.
                return self.index.knn_query(query, k=1, filter=allowed)

        return run


class TantivyFloor:
    """The raw engine: one tantivy index, queries built directly, no HTTP, no souk."""

    name = "tantivy"

    def __init__(self) -> None:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("title", stored=False, tokenizer_name="en_stem")
        builder.add_text_field("description", stored=False, tokenizer_name="en_stem")
        for name in ("brand", "color", "category"):
            builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
        builder.add_float_field("price", stored=False, indexed=True, fast=True)
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)

    def ingest(self, products: Sequence[dict[str, Any]]) -> float:
        started = time.perf_counter()
        writer = self.index.writer(heap_size=256_000_000, num_threads=1)
        for product in products:
            writer.add_document(tantivy.Document(**{k: [v] for k, v in slim(product).items()}))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        return time.perf_counter() - started

    def call(self, kind: str, query: BenchQuery) -> Callable[[], Any]:
        schema = self.schema
        price = tantivy.Query.range_query(
            schema, "price", tantivy.FieldType.Float, 0.0, float(query.max_price), True, False
        )
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = [(tantivy.Occur.Must, price)]
        if query.category is not None:
            parts.append(
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "category", query.category))
            )
        if query.words:
            if kind == "typo":
                words = [
                    tantivy.Query.fuzzy_term_query(schema, field, w, 1, True)
                    for w in query.words.lower().split()
                    for field in ("title", "description")
                ]
                text = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in words])
            else:
                # the query parser's syntax characters (quotes, colons…) are not search words
                plain = re.sub(r"[^\w\s]", " ", query.words)
                text = self.index.parse_query(plain, ["title", "description"])
            parts.append((tantivy.Occur.Must, text))
        combined = tantivy.Query.boolean_query(parts)
        aggregations = {f: {"terms": {"field": f, "size": 100}} for f in query.facets}

        def run() -> Any:
            searcher = self.index.searcher()
            if query.sort_by_price:
                hits = searcher.search(
                    combined, limit=20, order_by_field="price", order=tantivy.Order.Asc
                )
            else:
                hits = searcher.search(combined, limit=20)
            facets = searcher.aggregate(combined, aggregations) if aggregations else None
            return hits, facets

        return run


class TypesensePeer:
    name = "typesense"
    collection = "products"

    def __init__(self, url: str, api_key: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.config: Any = {
            "nodes": [{"host": host, "port": port, "protocol": "http"}],
            "api_key": api_key,
            "connection_timeout_seconds": 600,
        }
        self._local = threading.local()

    @property
    def client(self) -> Any:
        client = getattr(self._local, "client", None)
        if client is None:
            import typesense

            client = typesense.Client(self.config)
            self._local.client = client
        return client

    def ingest(
        self,
        products: Sequence[dict[str, Any]],
        batch: int,
        progress: Callable[[int], None] | None = None,
    ) -> float:
        schema = {
            "name": self.collection,
            "fields": [
                {"name": "title", "type": "string"},
                {"name": "description", "type": "string"},
                {"name": "brand", "type": "string", "facet": True},
                {"name": "color", "type": "string", "facet": True},
                {"name": "category", "type": "string", "facet": True},
                {"name": "price", "type": "float"},
            ],
            "default_sorting_field": "price",
        }
        self.client.collections.create(schema)
        documents = self.client.collections[self.collection].documents
        started = time.perf_counter()
        for start in range(0, len(products), batch):
            chunk = [slim(p) for p in products[start : start + batch]]
            results = documents.import_(chunk, {"action": "create"})
            failed = [r for r in results if not r.get("success")]
            if failed:
                raise RuntimeError(f"Typesense import failed: {failed[0]}")
            if progress is not None:
                progress(min(start + batch, len(products)))
        return time.perf_counter() - started

    def ingest_vectors(self, items: Sequence[tuple[str, float, list[float]]]) -> None:
        dims = len(items[0][2])
        self.client.collections.create(
            {
                "name": "vectors",
                "fields": [
                    {"name": "price", "type": "float"},
                    {"name": "embedding", "type": "float[]", "num_dim": dims},
                ],
            }
        )
        documents = [{"id": i, "price": p, "embedding": v} for i, p, v in items]
        results = self.client.collections["vectors"].documents.import_(
            documents, {"action": "create"}
        )
        failed = [r for r in results if not r.get("success")]
        if failed:
            raise RuntimeError(f"Typesense vector import failed: {failed[0]}")

    def vector_call(self, vector: list[float], max_price: float) -> Callable[[], Any]:
        literal = ",".join(f"{x:.6f}" for x in vector)
        search = {
            "collection": "vectors",
            "q": "*",
            "vector_query": f"embedding:([{literal}], k:20)",
            "filter_by": f"price:<{max_price}",
            "per_page": 20,
        }

        def run() -> Any:
            result = self.client.multi_search.perform({"searches": [search]}, {})
            error = result["results"][0].get("error")
            if error:
                raise RuntimeError(error)
            return result

        return run

    def call(self, kind: str, query: BenchQuery) -> Callable[[], Any]:
        flt = f"price:<{query.max_price}"
        if query.category is not None:
            flt = f"category:={query.category} && {flt}"
        params: dict[str, Any] = {
            "q": query.words or "*",
            "query_by": "title,description",
            "filter_by": flt,
            "per_page": 20,
        }
        if query.facets:
            params["facet_by"] = ",".join(query.facets)
        if query.sort_by_price:
            params["sort_by"] = "price:asc"

        def run() -> Any:
            return self.client.collections[self.collection].documents.search(params)

        return run
