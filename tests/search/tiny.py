"""A tiny index with user-provided vectors, for the search stages' unit tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tantivy

from souk.engine import Engine
from souk.runtime.index_runtime import IndexRuntime
from tests.conftest import make_settings

UID = "tiny"
DOCS: list[dict[str, Any]] = [
    {"id": 1, "title": "Red running shoes", "color": "red", "brand": "Acme", "price": 70},
    {"id": 2, "title": "Blue running shoes", "color": "blue", "brand": "Acme", "price": 80},
    {"id": 3, "title": "Red wool scarf", "color": "red", "brand": "Borealis", "price": 25},
    {"id": 4, "title": "Leather boots", "color": "brown", "brand": "Borealis", "price": 120},
    {"id": 5, "title": "Running socks", "color": "red", "brand": "Cafeto", "price": 9},
    {"id": 6, "title": "Garden hose", "color": "green", "brand": "Cafeto", "price": 30},
]
VECTORS: dict[int, list[float]] = {
    1: [1.0, 0.0, 0.0],
    2: [0.9, 0.1, 0.0],
    3: [0.0, 1.0, 0.0],
    4: [0.0, 0.0, 1.0],
    5: [0.7, 0.7, 0.0],
    6: [0.0, 0.2, 1.0],
}


def build_tiny(root: Path) -> Engine:
    engine = Engine(make_settings(root))
    settings = {
        "filterableAttributes": ["color", "brand", "price"],
        "sortableAttributes": ["price"],
        "embedders": {"default": {"source": "userProvided", "dimensions": 3}},
    }
    engine.wait_for_task(engine.create_index(UID, "id", settings).uid)
    docs = [{**doc, "_vectors": {"default": VECTORS[doc["id"]]}} for doc in DOCS]
    done = engine.wait_for_task(engine.add_documents(UID, docs).uid)
    assert done.status.value == "succeeded", done.error
    return engine


def iids(runtime: IndexRuntime) -> dict[int, int]:
    """Document id → internal id."""
    every = sorted(runtime.lexical.all_iids(tantivy.Query.all_query()))
    return {int(body["id"]): iid for iid, body in runtime.lexical_documents(every).items()}


def ids(runtime: IndexRuntime, internal: list[int]) -> list[int]:
    """Internal ids → document ids, in order."""
    by_iid = {iid: doc_id for doc_id, iid in iids(runtime).items()}
    return [by_iid[i] for i in internal]
