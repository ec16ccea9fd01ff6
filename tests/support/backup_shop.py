"""A small shop with a bit of everything a backup must keep, and what it looks like from outside.

:func:`build_shop` fills an engine: two indexes (settings, synonyms, user-provided vectors, a
deleted document), behaviour events and a trained recommender, an API key and a webhook.
:func:`observe` reads back everything a restore must reproduce (search results, settings,
vectors, keys, webhooks, events, recommendations), so a round trip is one equality.
"""

from __future__ import annotations

import math
from typing import Any

from souk.engine import Engine
from souk.store.keys import KeyStore
from souk.store.task_records import iso
from souk.store.webhooks import WebhookStore
from tests.support.behaviour import PRODUCTS, shop_events

MASTER_KEY = "backup-master-key"

SETTINGS: dict[str, Any] = {
    "filterableAttributes": ["category", "price"],
    "sortableAttributes": ["price"],
    "synonyms": {"cap": ["hats"]},
    "embedders": {"custom": {"source": "userProvided", "dimensions": 4}},
}

SEARCHES: list[dict[str, Any]] = [
    {"q": "shoes"},
    {"q": "hats numbr 1"},  # a typo
    {"q": "cap", "limit": 5},  # a synonym
    {"q": "", "filter": "price > 30", "sort": ["price:desc"], "facets": ["category"]},
    {"q": "number", "filter": "category = bags", "showRankingScore": True},
    {"vector": [1.0, 0.0, 0.5, 0.0], "hybrid": {"semanticRatio": 1.0, "embedder": "custom"}},
]
VOLATILE = ("processingTimeMs", "queryUid", "requestUid")


def vector(n: int) -> list[float]:
    return [math.cos(n), math.sin(n), (n % 7) / 7.0, 1.0 if n % 2 else 0.0]


def run(engine: Engine, task: Any) -> None:
    done = engine.wait_for_task(task.uid)
    assert done.status.value == "succeeded", done.error


def build_shop(engine: Engine) -> None:
    run(engine, engine.create_index("shop", "id", SETTINGS))
    products = [{**p, "_vectors": {"custom": vector(int(p["id"]))}} for p in PRODUCTS]
    run(engine, engine.add_documents("shop", products))
    run(engine, engine.create_index("notes", "uid"))
    notes = [{"uid": f"n{i}", "text": f"note {i}"} for i in range(5)]
    run(engine, engine.add_documents("notes", notes))
    run(engine, engine.delete_documents("notes", ["n2"]))  # leaves a tombstone behind
    engine.behaviour.record_events_bulk("shop", shop_events(shoppers=40))
    run(engine, engine.behaviour.train("shop"))
    KeyStore(engine.store, MASTER_KEY).create(
        actions=["search"], indexes=["shop"], name="storefront", description="front"
    )
    WebhookStore(engine.store).create({"url": "https://example.com/hook", "headers": {"X-A": "1"}})


def _stable(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k not in VOLATILE}


def observe(engine: Engine) -> dict[str, Any]:
    """Everything a restore must give back, as plain values."""
    indexes = {
        r.uid: {
            "primaryKey": r.primary_key,
            "settings": r.settings,
            "fields": r.fields,
            "createdAt": iso(r.created_at),  # SQLite gives naive UTC, PostgreSQL aware
            "updatedAt": iso(r.updated_at),
        }
        for r in engine.list_indexes()
    }
    searches = [_stable(engine.search("shop", dict(params))) for params in SEARCHES]
    searches.append(_stable(engine.search("notes", {"q": "note"})))
    docs, total = engine.fetch_documents("shop", limit=100)
    keys, _ = KeyStore(engine.store, MASTER_KEY).list_keys()
    events = [e for batch in engine.behaviour.events.iter_events("shop") for e in batch]
    tasks = engine.store.list_tasks(limit=None)
    shop = engine.scoped("shop")
    recommendations = {
        kind: [h["id"] for h in shop.recommend(kind, key, limit=5)["hits"]]
        for kind, key in (("similar", "4"), ("bought-together", "8"), ("for-user", "u3"))
    }
    return {
        "indexes": indexes,
        "searches": searches,
        "documents": total,
        "vectors": engine.document_vectors("shop", docs),
        "keys": [(k.uid, k.key, k.name, k.actions, k.indexes, k.created_at) for k in keys],
        "webhooks": [w.to_dict() for w in WebhookStore(engine.store).list()],
        "events": events,
        "recommendations": recommendations,
        "model": engine.recommendations.model("shop").summary(),
        "tasks": [(t.uid, t.type.value, t.status.value) for t in tasks],
    }
