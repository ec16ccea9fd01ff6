"""``/keys`` routes: list, create, get, update (name and description only) and delete API keys.

Bodies are checked field by field in the order they arrive, then for missing fields, with the
codes and messages Meilisearch gives, so clients and their tests see the same errors.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from souk.api.auth import (
    ACTIONS,
    DENY_INDEX_SCOPE,
    Action,
    AuthContext,
    is_valid_index_pattern,
)
from souk.api.body import json_object
from souk.api.deps import authenticator_of, require
from souk.api.meili.common import int_param
from souk.errors import SoukError
from souk.store.keys import ApiKey, KeyStore, api_key_not_found
from souk.store.task_records import iso, utc_now

router = APIRouter(tags=["keys"])

CREATE_FIELDS = ("description", "name", "uid", "actions", "indexes", "expiresAt")
PATCH_FIELDS = ("description", "name")
IMMUTABLE_FIELDS = {
    "uid": "immutable_api_key_uid",
    "actions": "immutable_api_key_actions",
    "indexes": "immutable_api_key_indexes",
    "expiresAt": "immutable_api_key_expires_at",
    "createdAt": "immutable_api_key_created_at",
    "updatedAt": "immutable_api_key_updated_at",
}
DEFAULT_LIMIT = 20


def key_json(key: ApiKey) -> dict[str, Any]:
    """A key as Meilisearch prints it (same field order)."""
    return {
        "name": key.name,
        "description": key.description,
        "key": key.key,
        "uid": key.uid,
        "actions": key.actions,
        "indexes": key.indexes,
        "expiresAt": iso(key.expires_at),
        "createdAt": iso(key.created_at),
        "updatedAt": iso(key.updated_at),
    }


def key_store(request: Request) -> KeyStore:
    return authenticator_of(request).keys


@router.get("/keys")
def list_keys(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.KEYS_GET))]
) -> dict[str, Any]:
    unknown = [name for name in request.query_params if name not in ("offset", "limit")]
    if unknown:
        raise SoukError(
            f"Unknown parameter `{unknown[0]}`: expected one of `offset`, `limit`", "bad_request"
        )
    offset = int_param(request, "offset", 0, "invalid_api_key_offset")
    limit = int_param(request, "limit", DEFAULT_LIMIT, "invalid_api_key_limit")
    page, total = key_store(request).list_keys(offset, limit)
    return {
        "results": [key_json(k) for k in page],
        "offset": offset,
        "limit": limit,
        "total": total,
    }


@router.post("/keys", status_code=201)
async def create_key(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.KEYS_CREATE))]
) -> dict[str, Any]:
    body = await json_object(request)
    return await run_in_threadpool(_create_key, request, body)


def _create_key(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    fields = parse_create(body)
    indexes: list[str] = fields["indexes"]
    if indexes and "*" not in indexes:
        for action in fields["actions"]:
            if action in DENY_INDEX_SCOPE:
                quoted = f'`"{action}"`'
                raise SoukError(
                    f"cannot create index-scoped API key with global action {quoted}\n"
                    f"  - Hint: remove action {quoted} from the action list, or remove "
                    "`indexes` to make the key global",
                    "index_scoped_api_key_with_global_action",
                )
    return key_json(key_store(request).create(**fields))


@router.get("/keys/{uid_or_key}")
def get_key(
    uid_or_key: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.KEYS_GET))],
) -> dict[str, Any]:
    return key_json(_find(request, uid_or_key))


@router.patch("/keys/{uid_or_key}")
async def update_key(
    uid_or_key: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.KEYS_UPDATE))],
) -> dict[str, Any]:
    body = await json_object(request)
    return await run_in_threadpool(_update_key, uid_or_key, request, body)


def _update_key(uid_or_key: str, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    changes = parse_patch(body)
    store = key_store(request)
    key = _find(request, uid_or_key)
    updated = store.update(key.uid, changes)
    if updated is None:
        raise api_key_not_found(uid_or_key)
    return key_json(updated)


@router.delete("/keys/{uid_or_key}")
def delete_key(
    uid_or_key: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.KEYS_DELETE))],
) -> Response:
    key = _find(request, uid_or_key)
    if not key_store(request).delete(key.uid):
        raise api_key_not_found(uid_or_key)
    return Response(status_code=204)


def _find(request: Request, uid_or_key: str) -> ApiKey:
    key = key_store(request).find(uid_or_key)
    if key is None:
        raise api_key_not_found(uid_or_key)
    return key


# -- body parsing ----------------------------------------------------------------------------


def parse_create(body: dict[str, Any]) -> dict[str, Any]:
    """Validate a ``POST /keys`` body into :meth:`KeyStore.create` keyword arguments."""
    out: dict[str, Any] = {}
    for name, value in body.items():
        if name not in CREATE_FIELDS:
            raise _unknown_field(name, CREATE_FIELDS)
        if name in ("name", "description"):
            out[name] = _optional_string(name, value)
        elif name == "uid":
            out["uid"] = _uid(value)
        elif name == "actions":
            out["actions"] = _actions(value)
        elif name == "indexes":
            out["indexes"] = _indexes(value)
        else:
            out["expires_at"] = _expires_at(value)
    for name, target in (
        ("actions", "actions"),
        ("indexes", "indexes"),
        ("expiresAt", "expires_at"),
    ):
        if target not in out:
            raise SoukError(f"Missing field `{name}`", f"missing_api_key_{_snake(name)}")
    return out


def parse_patch(body: dict[str, Any]) -> dict[str, str | None]:
    """Validate a ``PATCH /keys/{key}`` body: only ``name`` and ``description`` may change."""
    changes: dict[str, str | None] = {}
    for name, value in body.items():
        if name in IMMUTABLE_FIELDS:
            raise SoukError(
                f"Immutable field `{name}`: expected one of `description`, `name`",
                IMMUTABLE_FIELDS[name],
            )
        if name not in PATCH_FIELDS:
            raise _unknown_field(name, PATCH_FIELDS)
        changes[name] = _optional_string(name, value)
    return changes


def _optional_string(name: str, value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise _wrong_type(name, "a string", value, f"invalid_api_key_{name}")
    return value


def _uid(value: Any) -> str:
    if not isinstance(value, str):
        raise _wrong_type("uid", "a string", value, "invalid_api_key_uid")
    bad = next((i for i, c in enumerate(value) if c not in "0123456789abcdefABCDEF-"), None)
    if bad is not None and not value.startswith(("urn:uuid:", "{")):
        reason = f"invalid character: found `{value[bad]}` at {bad}"
    else:
        try:
            return str(uuid.UUID(value))
        except ValueError:
            reason = f"invalid length: found {len(value)}"
    raise SoukError(f"Invalid value at `.uid`: {reason}", "invalid_api_key_uid")


def _actions(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise _wrong_type("actions", "an array", value, "invalid_api_key_actions")
    for position, action in enumerate(value):
        where = f"actions[{position}]"
        if not isinstance(action, str):
            raise _wrong_type(where, "a string", action, "invalid_api_key_actions")
        if action not in ACTIONS:
            expected = ", ".join(f"`{a}`" for a in ACTIONS)
            raise SoukError(
                f"Unknown value `{action}` at `.{where}`: expected one of {expected}",
                "invalid_api_key_actions",
            )
    return list(value)


def _indexes(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise _wrong_type("indexes", "an array", value, "invalid_api_key_indexes")
    for position, pattern in enumerate(value):
        where = f"indexes[{position}]"
        if not isinstance(pattern, str):
            raise _wrong_type(where, "a string", pattern, "invalid_api_key_indexes")
        if not is_valid_index_pattern(pattern):
            raise SoukError(
                f"Invalid value at `.{where}`: `{pattern}` is not a valid index uid pattern. "
                "Index uid patterns can be an integer or a string containing only alphanumeric "
                "characters, hyphens (-), underscores (_), and optionally end with a star (*).",
                "invalid_api_key_indexes",
            )
    return list(value)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAIVE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def parse_expiration(value: str) -> datetime | None:
    """RFC 3339, or ``YYYY-MM-DD[( |T)HH:MM:SS]`` taken as UTC (Meilisearch's accepted forms)."""
    try:
        if _RFC3339.fullmatch(value):
            return datetime.fromisoformat(value.upper()).astimezone(UTC)
        if _NAIVE.fullmatch(value) or _DATE.fullmatch(value):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None
    return None


def _expires_at(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong_type("expiresAt", "a string", value, "invalid_api_key_expires_at")
    parsed = parse_expiration(value)
    if parsed is not None and parsed <= utc_now():
        raise SoukError(
            f"Invalid value at `.expiresAt`: `{value}` is in the past. A key's expiration date "
            "must be in the future (or null for a key that never expires).",
            "invalid_api_key_expires_at",
        )
    if parsed is None:
        raise SoukError(
            f"Invalid value at `.expiresAt`: `{value}` is not a valid date. It should follow the "
            "RFC 3339 format to represents a date or datetime in the future or specified as a "
            "null value. e.g. 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'.\n",
            "invalid_api_key_expires_at",
        )
    return parsed


def _wrong_type(where: str, expected: str, value: Any, code: str) -> SoukError:
    shown = orjson.dumps(value).decode()
    return SoukError(
        f"Invalid value type at `.{where}`: expected {expected}, but found {_kind(value)}: "
        f"`{shown}`",
        code,
    )


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a positive integer" if value >= 0 else "a negative integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _unknown_field(name: str, accepted: tuple[str, ...]) -> SoukError:
    expected = ", ".join(f"`{f}`" for f in accepted)
    guess = next((f for f in accepted if _loose(f) == _loose(name)), None)
    hint = f" did you mean `{guess}`?" if guess is not None else ""
    return SoukError(f"Unknown field `{name}`:{hint} expected one of {expected}", "bad_request")


def _loose(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def _snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)
