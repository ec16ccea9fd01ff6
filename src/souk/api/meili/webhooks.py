"""Webhook routes: list, create, get, update, delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

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
def list_webhooks(request: Request) -> dict[str, Any]:
    require(request, "webhooks.get")
    return {"results": [h.to_dict() for h in _hooks(request).list()]}


@router.post("/webhooks", status_code=201, openapi_extra=OBJECT_BODY)
async def create_webhook(request: Request) -> JsonResponse:
    require(request, "webhooks.create")
    body = await json_object(request)
    return JsonResponse(_hooks(request).create(body).to_dict(), status_code=201)


@router.get("/webhooks/{uuid}")
def get_webhook(uuid: str, request: Request) -> dict[str, Any]:
    require(request, "webhooks.get")
    return _hooks(request).get(uuid).to_dict()


@router.patch("/webhooks/{uuid}", openapi_extra=OBJECT_BODY)
async def update_webhook(uuid: str, request: Request) -> dict[str, Any]:
    require(request, "webhooks.update")
    body = await json_object(request)
    return _hooks(request).update(uuid, body).to_dict()


@router.delete("/webhooks/{uuid}", status_code=204)
def delete_webhook(uuid: str, request: Request) -> Response:
    require(request, "webhooks.delete")
    _hooks(request).delete(uuid)
    return Response(status_code=204)
