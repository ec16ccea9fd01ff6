"""Health, version and global stats."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from souk import __version__
from souk.api.auth import Action, AuthContext
from souk.api.deps import engine_of, require
from souk.api.meili.indexes import human_size, present_stats
from souk.store.task_records import iso

router = APIRouter(tags=["system"])


@router.get("/health")
def health() -> dict[str, str]:
    """Always open, even with a master key (as in Meilisearch)."""
    return {"status": "available"}


@router.get("/version")
def version(ctx: Annotated[AuthContext, Depends(require(Action.VERSION))]) -> dict[str, str]:
    return {"commitSha": "unknown", "commitDate": "unknown", "pkgVersion": __version__}


@router.get("/stats")
def stats(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.STATS_GET))]
) -> dict[str, Any]:
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


#: what ``/experimental-features`` reports (souk has no switchable experimental features)
EXPERIMENTAL_FEATURES: dict[str, bool] = {
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


@router.get("/experimental-features")
def experimental_features(
    ctx: Annotated[AuthContext, Depends(require(Action.EXPERIMENTAL_GET))],
) -> dict[str, bool]:
    return dict(EXPERIMENTAL_FEATURES)


@router.patch("/experimental-features")
def update_experimental_features(
    ctx: Annotated[AuthContext, Depends(require(Action.EXPERIMENTAL_UPDATE))],
) -> dict[str, bool]:
    return dict(EXPERIMENTAL_FEATURES)
