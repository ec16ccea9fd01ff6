"""Health, version and global stats."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from souk import __version__
from souk.api.deps import engine_of, require
from souk.api.meili.indexes import human_size, present_stats
from souk.store.task_records import iso

router = APIRouter(tags=["system"])


@router.get("/health")
def health() -> dict[str, str]:
    """Always open, even with a master key (as in Meilisearch)."""
    return {"status": "available"}


@router.get("/version")
def version(request: Request) -> dict[str, str]:
    require(request, "version")
    return {"commitSha": "unknown", "commitDate": "unknown", "pkgVersion": __version__}


@router.get("/stats")
def stats(request: Request) -> dict[str, Any]:
    ctx = require(request, "stats.get")
    engine = engine_of(request)
    records = [r for r in engine.list_indexes() if ctx.allows_index(r.uid)]
    size = sum(f.stat().st_size for f in engine.config.data_dir.rglob("*") if f.is_file())
    last = max((r.updated_at for r in records), default=None)
    result: dict[str, Any] = {
        "databaseSize": size,
        "usedDatabaseSize": size,
        "lastUpdate": iso(last),
        "indexes": {r.uid: present_stats(engine.index_stats(r.uid), request) for r in records},
    }
    if request.query_params.get("sizeFormat", "").lower() == "human":
        for key in ("databaseSize", "usedDatabaseSize"):
            result[key] = human_size(int(result[key]))
    return result


@router.get("/experimental-features")
def experimental_features(request: Request) -> dict[str, bool]:
    require(request, "experimental.get")
    return {
        "metrics": False,
        "logsRoute": False,
        "editDocumentsByFunction": False,
        "containsFilter": True,
        "network": False,
        "getTaskDocumentsRoute": False,
        "compositeEmbedders": False,
        "chatCompletions": False,
        "multimodal": False,
        "vectorStoreSetting": False,
    }


@router.patch("/experimental-features")
def update_experimental_features(request: Request) -> dict[str, bool]:
    require(request, "experimental.update")
    return experimental_features(request)
