"""Webhook routes: list, create, get, update, delete.

Every answer shows ``Webhook.redacted()``: ``Authorization`` values are hidden from every key,
the master key included, as in Meilisearch; only delivery sees the stored secret.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from souk.api.auth import Action, AuthContext
from souk.api.body import json_object
from souk.api.deps import require
from souk.api.meili.common import OBJECT_BODY
from souk.api.responses import JsonResponse
from souk.store.webhooks import WebhookStore

router = APIRouter(tags=["webhooks"])


def _hooks(request: Request) -> WebhookStore:
    hooks: WebhookStore = request.app.state.webhooks
    return hooks


@router.get("/webhooks")
def list_webhooks(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.WEBHOOKS_GET))]
) -> dict[str, Any]:
    return {"results": [h.redacted().to_dict() for h in _hooks(request).list()]}


@router.post("/webhooks", status_code=201, openapi_extra=OBJECT_BODY)
async def create_webhook(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.WEBHOOKS_CREATE))]
) -> JsonResponse:
    body = await json_object(request)
    created = await run_in_threadpool(_hooks(request).create, body)
    return JsonResponse(created.redacted().to_dict(), status_code=201)


@router.get("/webhooks/{uuid}")
def get_webhook(
    uuid: str, request: Request, ctx: Annotated[AuthContext, Depends(require(Action.WEBHOOKS_GET))]
) -> dict[str, Any]:
    return _hooks(request).get(uuid).redacted().to_dict()


@router.patch("/webhooks/{uuid}", openapi_extra=OBJECT_BODY)
async def update_webhook(
    uuid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.WEBHOOKS_UPDATE))],
) -> dict[str, Any]:
    body = await json_object(request)
    updated = await run_in_threadpool(_hooks(request).update, uuid, body)
    return updated.redacted().to_dict()


@router.delete("/webhooks/{uuid}", status_code=204)
def delete_webhook(
    uuid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.WEBHOOKS_DELETE))],
) -> Response:
    _hooks(request).delete(uuid)
    return Response(status_code=204)
