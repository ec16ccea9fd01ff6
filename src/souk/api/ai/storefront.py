"""What the web pages need beside the Meilisearch API: their config, one product, figures,
and the built pages themselves (``/``, ``/sell``, ``/admin``, ``/assets/…``)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.responses import FileResponse, HTMLResponse, Response

from souk.api.auth import Action, AuthContext
from souk.api.deps import SearchIndex, authenticator_of, engine_of, require
from souk.errors import SoukError
from souk.store.keys import ApiKey

router = APIRouter(tags=["storefront"])

DIST = Path(__file__).resolve().parents[2] / "web" / "dist"
STOREFRONT_KEY_NAME = "souk Storefront Key"
#: what a browser key may do: search (with events and recommendations) and chat
STOREFRONT_ACTIONS = ("search", "chatCompletions")
FACET_CANDIDATES = ("category", "subcategory", "brand", "color", "size", "material")

_MISSING = """<!doctype html><html lang="en"><meta charset="utf-8"><title>souk</title>
<body><h1>souk is running</h1><p>The web pages are not built yet: run <code>make web</code>
(or <code>make demo</code>), then reload. The API is at <a href="/health">/health</a>.</p>
</body></html>"""


def _storefront_key(request: Request, index_uid: str) -> str | None:
    """A key for browsers on ``index_uid`` only (search, chat, events), created once per index
    when a master key is set.

    The page hands it to anyone, so a key of that name with a wider scope (every index, as
    older versions made it, or more actions) is deleted rather than handed out.
    """
    auth = authenticator_of(request)
    if auth.master_key is None:
        return None
    keys, _ = auth.keys.list_keys()
    found: ApiKey | None = None
    for key in keys:
        if key.name != STOREFRONT_KEY_NAME:
            continue
        if not _browser_safe(key):
            auth.keys.delete(key.uid)
        elif found is None and key.indexes == [index_uid]:
            found = key
    if found is not None:
        return str(found.key)
    created = auth.keys.create(
        actions=list(STOREFRONT_ACTIONS),
        indexes=[index_uid],
        name=STOREFRONT_KEY_NAME,
        description=f"Used by souk's storefront page on `{index_uid}`: search, chat and events "
        "only.",
    )
    return str(created.key)


def _browser_safe(key: ApiKey) -> bool:
    """A storefront key: the storefront's actions on one index (no pattern), not expiring."""
    return (
        sorted(key.actions) == sorted(STOREFRONT_ACTIONS)
        and len(key.indexes) == 1
        and not key.indexes[0].endswith("*")
        and key.expires_at is None
    )


@router.get("/storefront/config")
def storefront_config(request: Request, index: str | None = None) -> dict[str, Any]:
    """Public: which index the storefront shows, its facets and sorts, and a browser key.

    Anyone may call it, so with a master key it speaks only of the storefront indexes the
    operator named (setting ``storefront_index``): other indexes are neither listed nor given
    a key. Without a master key every route is open anyway, and an unknown name falls back to
    the first index so a fresh shop shows something.
    """
    engine = engine_of(request)
    configured = [u.strip() for u in engine.config.storefront_index.split(",") if u.strip()]
    existing = [r.uid for r in engine.list_indexes()]
    guarded = authenticator_of(request).master_key is not None
    indexes = [u for u in configured if u in existing] if guarded else existing
    uid = index or (configured[0] if configured else "demo")
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
        # only for an index that exists: anyone may call this, so at most one key per index
        "searchKey": _storefront_key(request, uid) if uid in indexes else None,
        "facets": facets,
        "sortable": sortable,
        "priceFilterable": "price" in filterable,
    }


@router.get("/storefront/products/{uid}/{product_id}")
def storefront_product(uid: str, product_id: str, index: SearchIndex) -> dict[str, Any]:
    """One product for the product page (a search key may read it, as search would show it;
    a tenant token only within its rule)."""
    doc = index.document(product_id)
    if doc is None:
        raise SoukError(f"Document `{product_id}` not found.", "document_not_found")
    return doc


@router.get("/storefront/figures")
def storefront_figures(
    ctx: Annotated[AuthContext, Depends(require(Action.STATS_GET))],
) -> dict[str, Any]:
    """The latest benchmark and relevance figures, if this process runs where they were written."""
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


_ASSET_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}")


@router.get("/assets/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    # vite names its files `name-hash.ext`: anything else (a NUL byte, `..`, a slash) is
    # refused before the name reaches the filesystem
    if not _ASSET_NAME.fullmatch(name):
        raise SoukError("Not Found", "not_found")
    path = (DIST / "assets" / name).resolve()
    if not path.is_file() or path.parent != (DIST / "assets").resolve():
        raise SoukError("Not Found", "not_found")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})
