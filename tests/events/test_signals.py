"""Click-through as a ranking signal: off by default, and it moves clicked products up when on."""

from __future__ import annotations

from pathlib import Path

from souk.engine import Engine
from souk.events.model import Event, EventType
from souk.events.signals import build_signals
from souk.events.store import SearchRecord, StoredEvent
from tests.conftest import make_settings

HATS = [{"id": n, "title": f"wool hat model {n}", "price": 10 + n} for n in range(12)]


def click(product: str, query_uid: str, n: int) -> StoredEvent:
    return StoredEvent(
        n, Event(EventType.CLICK, "s", float(n), product_id=product, query_uid=query_uid), True
    )


def test_lifts_reward_what_is_clicked_more_than_its_peers() -> None:
    searches = [SearchRecord(f"q{n}", "Wool Hat", 12, ["1", "2", "3"], float(n)) for n in range(40)]
    clicks = [click("3", f"q{n}", n) for n in range(30)] + [click("1", "q0", 99)]
    signals = build_signals(searches, clicks)
    assert signals.lift("wool  hat", "3") > 0.5  # normalised query text
    assert signals.lift("wool hat", "2") < 0  # shown 40 times, never clicked
    assert signals.lift("other query", "3") == 0.0
    assert not build_signals([], [])


def _search_ids(engine: Engine) -> list[str]:
    response = engine.search("hats", {"q": "wool hat", "limit": 12})
    return [str(hit["id"]) for hit in response["hits"]]


def _trained_with_clicks(tmp_path: Path, weight: float) -> tuple[Engine, list[str]]:
    settings = make_settings(tmp_path)
    settings.click_weight = weight
    engine = Engine(settings)
    engine.wait_for_task(engine.create_index("hats", "id").uid)
    engine.wait_for_task(engine.add_documents("hats", HATS).uid)
    before = _search_ids(engine)
    favourite = before[-1]
    for n in range(30):
        response = engine.search("hats", {"q": "wool hat", "limit": 12})
        engine.behaviour.log_search("hats", response)
        engine.behaviour.record_events(
            "hats",
            [
                {
                    "type": "click",
                    "sessionId": f"s{n}",
                    "productId": favourite,
                    "queryUid": response["queryUid"],
                    "timestamp": n,
                }
            ],
        )
    engine.behaviour.search_log.flush()
    engine.wait_for_task(engine.behaviour.train("hats").uid)
    return engine, before


def test_clicks_move_a_product_up_only_when_the_weight_is_on(tmp_path: Path) -> None:
    off, before = _trained_with_clicks(tmp_path / "off", 0.0)
    assert _search_ids(off) == before  # off by default: the same order as before any click
    off.close()
    on, before = _trained_with_clicks(tmp_path / "on", 0.5)
    after = _search_ids(on)
    assert after.index(before[-1]) < len(before) - 1 - 3  # the clicked product climbed
    assert sorted(after) == sorted(before)  # reordered, nothing lost
    on.close()
