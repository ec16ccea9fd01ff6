"""What the web pages need beside the Meilisearch API: their config, one product, figures,
and the built pages themselves (``/``, ``/sell``, ``/admin``, ``/assets/…``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.responses import FileResponse, HTMLResponse, Response

from souk.api.deps import engine_of, require
from souk.errors import SoukError

router = APIRouter(tags=["storefront"])

DIST = Path(__file__).resolve().parents[2] / "web" / "dist"
STOREFRONT_KEY_NAME = "souk Storefront Key"
FACET_CANDIDATES = ("category", "subcategory", "brand", "color", "size", "material")

_MISSING = """<!doctype html><html lang="en"><meta charset="utf-8"><title>souk</title>
<body><h1>souk is running</h1><p>The web pages are not built yet: run <code>make web</code>
(or <code>make demo</code>), then reload. The API is at <a href="/health">/health</a>.</p>
</body></html>"""


def _storefront_key(request: Request) -> str | None:
    """A key for browsers (search, chat, events), created once when a master key is set."""
    auth = request.app.state.auth
    if auth.master_key is None:
        return None
    keys, _ = auth.keys.list_keys()
    for key in keys:
        if key.name == STOREFRONT_KEY_NAME:
            return str(key.key)
    created = auth.keys.create(
        actions=["search", "chatCompletions"],
        indexes=["*"],
        name=STOREFRONT_KEY_NAME,
        description="Used by souk's storefront page: search, chat and events only.",
    )
    return str(created.key)


@router.get("/storefront/config")
def storefront_config(request: Request, index: str | None = None) -> dict[str, Any]:
    """Public: which index the storefront shows, its facets and sorts, and a browser key."""
    engine = engine_of(request)
    uid = index or os.environ.get("SOUK_STOREFRONT_INDEX", "demo")
    indexes = [r.uid for r in engine.list_indexes()]
    if uid not in indexes and indexes:
        uid = indexes[0]
    facets: list[str] = []
    sortable: list[str] = []
    filterable: set[str] = set()
    if uid in indexes:
        settings = engine.get_index(uid).settings
        filterable = set(settings.get("filterableAttributes") or [])
        facets = [f for f in FACET_CANDIDATES if f in filterable]
        sortable = list(settings.get("sortableAttributes") or [])
    return {
        "indexUid": uid if uid in indexes else None,
        "indexes": indexes,
        "searchKey": _storefront_key(request),
        "facets": facets,
        "sortable": sortable,
        "priceFilterable": "price" in filterable,
    }


@router.get("/storefront/products/{uid}/{product_id}")
def storefront_product(uid: str, product_id: str, request: Request) -> dict[str, Any]:
    """One product for the product page (a search key may read it, as search would show it)."""
    ctx = require(request, "search", uid)
    doc = engine_of(request).scoped(uid, ctx.scope(uid)).document(product_id)
    if doc is None:
        raise SoukError(f"Document `{product_id}` not found.", "document_not_found")
    return doc


@router.get("/storefront/figures")
def storefront_figures(request: Request) -> dict[str, Any]:
    """The latest benchmark and relevance figures, if this process runs where they were written."""
    require(request, "stats.get")
    root = Path(os.environ.get("SOUK_FIGURES_DIR", "bench/results"))
    out: dict[str, Any] = {}
    for key, name in (("bench", "latest.json"), ("relevance", "relevance-latest.json")):
        path = root / name
        try:
            out[key] = orjson.loads(path.read_bytes()) if path.exists() else None
        except (orjson.JSONDecodeError, OSError):
            out[key] = None
    return out


def _page(name: str) -> Response:
    path = DIST / name
    if not path.exists():
        return HTMLResponse(_MISSING, status_code=200)
    return FileResponse(path, media_type="text/html")


@router.get("/", include_in_schema=False)
def storefront_page() -> Response:
    return _page("index.html")


@router.get("/sell", include_in_schema=False)
def sell_page() -> Response:
    return _page("sell.html")


@router.get("/admin", include_in_schema=False)
def admin_page() -> Response:
    return _page("admin.html")


@router.get("/assets/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    path = (DIST / "assets" / name).resolve()
    if not path.is_file() or path.parent != (DIST / "assets").resolve():
        raise SoukError("Not Found", "not_found")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})
