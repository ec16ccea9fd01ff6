"""Backup routes: ``POST /dumps`` and ``POST /snapshots``, each enqueuing an index-less task.

As in Meilisearch, the answer is ``202`` with the task's summary; the task's details name the
dump (``dumpUid``) once it is written. What a backup holds and how to restore it:
docs/backups.md.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from souk.api.auth import Action, AuthContext
from souk.api.deps import engine_of, require
from souk.api.meili.common import accepted
from souk.api.responses import JsonResponse

router = APIRouter(tags=["backups"])


@router.post("/dumps", status_code=202)
def create_dump(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.DUMPS_CREATE))]
) -> JsonResponse:
    return accepted(request, engine_of(request).create_dump())


@router.post("/snapshots", status_code=202)
def create_snapshot(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.SNAPSHOTS_CREATE))]
) -> JsonResponse:
    return accepted(request, engine_of(request).create_snapshot())
