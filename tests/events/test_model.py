"""Event validation: every bad event is refused with its position and field named."""

from __future__ import annotations

from typing import Any

import pytest

from souk.errors import SoukError
from souk.events.model import MAX_BATCH, EventType, parse_event, parse_events

VALID = {"type": "view", "sessionId": "s1", "productId": "42", "timestamp": "2026-11-11T10:00:00Z"}


def test_a_valid_batch_parses() -> None:
    events = parse_events(
        [
            VALID,
            {**VALID, "type": "click", "userId": 7, "position": 0, "queryUid": "abc"},
            {"type": "search", "sessionId": "s1", "query": "red shoes", "timestamp": 1794391200},
        ]
    )
    assert [e.type for e in events] == [EventType.VIEW, EventType.CLICK, EventType.SEARCH]
    assert events[0].timestamp == 1794391200.0  # RFC 3339 and epoch seconds agree
    assert events[1].user_id == "7" and events[1].position == 0
    assert events[2].product_id is None and events[2].query == "red shoes"


def test_a_single_object_is_a_batch_of_one() -> None:
    assert len(parse_events(VALID)) == 1


def test_milliseconds_are_recognised() -> None:
    assert parse_event({**VALID, "timestamp": 1794391200123}).timestamp == pytest.approx(
        1794391200.123
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "buy"}, "`type` is 'buy'; expected one of view, click, add_to_cart"),
        ({"type": None}, "`type` is None"),
        ({"sessionId": None}, "`sessionId` is required"),
        ({"sessionId": ""}, "`sessionId` must not be empty"),
        ({"sessionId": 5}, "`sessionId` must be a string, not a number"),
        ({"productId": None}, "`productId` is required"),
        ({"timestamp": None}, "`timestamp` is missing"),
        ({"timestamp": "yesterday"}, "is not RFC 3339"),
        ({"timestamp": "2026-11-11T10:00:00"}, "needs a time zone"),
        ({"timestamp": -5}, "must not be negative"),
        ({"timestamp": True}, "RFC 3339 text or epoch seconds"),
        ({"position": -1}, "`position` must be a non-negative integer"),
        ({"position": "3"}, "`position` must be a non-negative integer"),
        ({"price": 3}, "unknown field `price`"),
    ],
)
def test_bad_events_name_the_position_and_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(SoukError) as caught:
        parse_events([VALID, {**VALID, **change}])
    assert caught.value.code == "invalid_event"
    assert caught.value.status == 400
    assert "events[1]" in caught.value.message
    assert message in caught.value.message


def test_a_search_needs_a_query() -> None:
    with pytest.raises(SoukError, match="`query` is required"):
        parse_event({"type": "search", "sessionId": "s", "timestamp": 1})


@pytest.mark.parametrize("payload", ["text", 5, None, [1]])
def test_payloads_that_are_not_event_lists(payload: Any) -> None:
    with pytest.raises(SoukError):
        parse_events(payload)


def test_batches_are_bounded() -> None:
    with pytest.raises(SoukError, match="at most 10,000"):
        parse_events([VALID] * (MAX_BATCH + 1))


def test_round_trip_through_to_dict() -> None:
    event = parse_event({**VALID, "userId": "u", "position": 2, "queryUid": "q"})
    assert parse_event(event.to_dict()) == event
