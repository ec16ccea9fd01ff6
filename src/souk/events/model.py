"""Behaviour events and their validation.

A batch is validated whole before anything is stored: one bad event rejects the batch with an
error naming its position and field, so a client never has to guess which part was kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from souk.errors import SoukError

MAX_BATCH = 10_000
_MAX_TEXT = 512
_MAX_QUERY = 1_000


class EventType(StrEnum):
    VIEW = "view"
    CLICK = "click"
    ADD_TO_CART = "add_to_cart"
    PURCHASE = "purchase"
    SEARCH = "search"

    @property
    def needs_product(self) -> bool:
        return self is not EventType.SEARCH


# How much one event says about a shopper's interest in a product (used by every model).
EVENT_WEIGHTS: dict[EventType, float] = {
    EventType.VIEW: 1.0,
    EventType.CLICK: 2.0,
    EventType.ADD_TO_CART: 4.0,
    EventType.PURCHASE: 8.0,
    EventType.SEARCH: 0.0,
}

FIELDS = {
    "type",
    "userId",
    "sessionId",
    "productId",
    "query",
    "queryUid",
    "position",
    "timestamp",
}


@dataclass(frozen=True)
class Event:
    type: EventType
    session_id: str
    timestamp: float  # epoch seconds
    user_id: str | None = None
    product_id: str | None = None
    query: str | None = None
    query_uid: str | None = None
    position: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type.value,
            "sessionId": self.session_id,
            "timestamp": self.timestamp,
        }
        for key, value in (
            ("userId", self.user_id),
            ("productId", self.product_id),
            ("query", self.query),
            ("queryUid", self.query_uid),
            ("position", self.position),
        ):
            if value is not None:
                out[key] = value
        return out


def invalid_event(where: str, message: str) -> SoukError:
    return SoukError(f"Invalid event at {where}: {message}", "invalid_event")


def parse_events(batch: Any) -> list[Event]:
    """A JSON batch (a list of objects, or one object) as events; raises on the first error."""
    if isinstance(batch, Mapping):
        batch = [batch]
    if not isinstance(batch, Sequence) or isinstance(batch, str | bytes):
        raise SoukError(
            "The events payload must be a JSON array of event objects.", "invalid_event"
        )
    if len(batch) > MAX_BATCH:
        raise SoukError(
            f"A batch holds at most {MAX_BATCH:,} events; this one has {len(batch):,}.",
            "invalid_event",
        )
    return [parse_event(item, f"events[{n}]") for n, item in enumerate(batch)]


def parse_event(raw: Any, where: str = "event") -> Event:
    if not isinstance(raw, Mapping):
        raise invalid_event(where, f"expected an object, got {_kind(raw)}.")
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        raise invalid_event(
            where,
            f"unknown field `{unknown[0]}`; expected one of {', '.join(sorted(FIELDS))}.",
        )
    kind = raw.get("type")
    try:
        event_type = EventType(str(kind))
    except ValueError:
        allowed = ", ".join(t.value for t in EventType)
        raise invalid_event(where, f"`type` is {kind!r}; expected one of {allowed}.") from None
    session = _text(raw, "sessionId", where, required=True)
    assert session is not None
    product = _identifier(raw, "productId", where, required=event_type.needs_product)
    query = _text(raw, "query", where, required=event_type is EventType.SEARCH, limit=_MAX_QUERY)
    return Event(
        type=event_type,
        session_id=session,
        timestamp=parse_timestamp(raw.get("timestamp"), where),
        user_id=_identifier(raw, "userId", where, required=False),
        product_id=product,
        query=query,
        query_uid=_text(raw, "queryUid", where, required=False, limit=64),
        position=_position(raw.get("position"), where),
    )


def parse_timestamp(value: Any, where: str) -> float:
    """RFC 3339 text or epoch seconds (a number over 10^11 is taken as milliseconds)."""
    if value is None:
        raise invalid_event(where, "`timestamp` is missing (RFC 3339 text or epoch seconds).")
    if isinstance(value, bool):
        raise invalid_event(where, "`timestamp` must be RFC 3339 text or epoch seconds.")
    if isinstance(value, int | float):
        seconds = float(value) / 1000.0 if value > 1e11 else float(value)
        if seconds < 0:
            raise invalid_event(where, "`timestamp` must not be negative.")
        return seconds
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise invalid_event(
                where, f"`timestamp` {value!r} is not RFC 3339 (e.g. 2026-11-11T10:00:00Z)."
            ) from None
        if parsed.tzinfo is None:
            raise invalid_event(where, f"`timestamp` {value!r} needs a time zone (e.g. Z).")
        return parsed.timestamp()
    raise invalid_event(
        where, f"`timestamp` must be RFC 3339 text or epoch seconds, not {_kind(value)}."
    )


def _identifier(raw: Mapping[str, Any], name: str, where: str, *, required: bool) -> str | None:
    value = raw.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return _text({name: value}, name, where, required=required)


def _text(
    raw: Mapping[str, Any], name: str, where: str, *, required: bool, limit: int = _MAX_TEXT
) -> str | None:
    value = raw.get(name)
    if value is None:
        if required:
            raise invalid_event(where, f"`{name}` is required for this event.")
        return None
    if not isinstance(value, str):
        raise invalid_event(where, f"`{name}` must be a string, not {_kind(value)}.")
    value = value.strip()
    if not value:
        if required:
            raise invalid_event(where, f"`{name}` must not be empty.")
        return None
    if len(value) > limit:
        raise invalid_event(where, f"`{name}` is longer than {limit} characters.")
    return value


def _position(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise invalid_event(where, "`position` must be a non-negative integer (0 = first hit).")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)
