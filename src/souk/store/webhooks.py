"""Webhooks: URLs told about finished tasks (Meilisearch's ``/webhooks``), kept in the store."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import orjson
from sqlalchemy import delete, insert, select, update

from souk.errors import SoukError
from souk.store.redaction import hide_authorization
from souk.store.schema.webhooks import webhooks
from souk.store.store import Store
from souk.store.task_records import utc_now

MAX_WEBHOOKS = 20


@dataclass(frozen=True)
class Webhook:
    uuid: str
    url: str
    headers: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """The webhook with its secrets: for delivery and dumps. Routes answer ``redacted()``."""
        return {"uuid": self.uuid, "isEditable": True, "url": self.url, "headers": self.headers}

    def redacted(self) -> Webhook:
        """The webhook as every API response shows it, whoever asks (the master key too, as in
        Meilisearch): ``Authorization`` values hidden but for a few leading characters.

        Sending a hidden value back in a PATCH stores it as sent, as Meilisearch does: only
        ``null`` removes a header, and a header left out of the PATCH keeps its secret.
        """
        return replace(
            self, headers={name: hide_authorization(name, v) for name, v in self.headers.items()}
        )


def webhook_not_found(value: str) -> SoukError:
    return SoukError(f"Webhook `{value}` not found.", "webhook_not_found")


def _check_url(url: Any) -> str:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise SoukError(
            f"Invalid value at `.url`: `{url}` is not a valid URL.", "invalid_webhook_url"
        )
    return url


def _check_headers(headers: Any) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, Mapping) or not all(
        isinstance(k, str) and (isinstance(v, str) or v is None) for k, v in headers.items()
    ):
        raise SoukError(
            "Invalid value type at `.headers`: expected an object of strings",
            "invalid_webhook_headers",
        )
    return {k: v for k, v in headers.items() if v is not None}


class WebhookStore:
    """Webhooks in ``souk_webhooks`` (at most ``MAX_WEBHOOKS``); delivery lives in the API."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def list(self) -> list[Webhook]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(webhooks).order_by(webhooks.c.created_at)).all()
        return [Webhook(r.uuid, r.url, orjson.loads(r.headers)) for r in rows]

    def get(self, value: str) -> Webhook:
        try:
            uuid.UUID(value)
        except ValueError:
            raise SoukError(
                f"Invalid value in parameter `uuid`: `{value}` is not a valid UUID.",
                "invalid_webhook_uuid",
            ) from None
        with self.store.engine.connect() as conn:
            row = conn.execute(select(webhooks).where(webhooks.c.uuid == value)).first()
        if row is None:
            raise webhook_not_found(value)
        return Webhook(row.uuid, row.url, orjson.loads(row.headers))

    def create(self, body: Mapping[str, Any]) -> Webhook:
        unknown = sorted(set(body) - {"url", "headers"})
        if unknown:
            raise SoukError(
                f"Unknown field `{unknown[0]}`: expected one of `url`, `headers`", "bad_request"
            )
        if "url" not in body:
            raise SoukError("Missing field `url`", "invalid_webhook_url")
        hook = Webhook(
            str(uuid.uuid4()), _check_url(body["url"]), _check_headers(body.get("headers"))
        )
        with self.store.transaction() as conn:
            count = len(conn.execute(select(webhooks.c.uuid)).all())
            if count >= MAX_WEBHOOKS:
                raise SoukError(
                    f"Defining too many webhooks would crush the server. Please "
                    f"limit the number of webhooks to {MAX_WEBHOOKS}.",
                    "too_many_webhooks",
                )
            conn.execute(
                insert(webhooks).values(
                    uuid=hook.uuid,
                    url=hook.url,
                    headers=orjson.dumps(hook.headers).decode(),
                    created_at=utc_now(),
                )
            )
        return hook

    def update(self, value: str, body: Mapping[str, Any]) -> Webhook:
        current = self.get(value)
        unknown = sorted(set(body) - {"url", "headers"})
        if unknown:
            raise SoukError(
                f"Unknown field `{unknown[0]}`: expected one of `url`, `headers`", "bad_request"
            )
        url = _check_url(body["url"]) if "url" in body else current.url
        headers = dict(current.headers)
        if "headers" in body:
            if body["headers"] is None:
                headers = {}
            else:
                if not isinstance(body["headers"], Mapping):
                    _check_headers(body["headers"])
                for name, header in body["headers"].items():
                    if header is None:
                        headers.pop(name, None)
                    else:
                        headers.update(_check_headers({name: header}))
        with self.store.transaction() as conn:
            conn.execute(
                update(webhooks)
                .where(webhooks.c.uuid == value)
                .values(url=url, headers=orjson.dumps(headers).decode())
            )
        return Webhook(value, url, headers)

    def delete(self, value: str) -> None:
        self.get(value)
        with self.store.transaction() as conn:
            conn.execute(delete(webhooks).where(webhooks.c.uuid == value))
