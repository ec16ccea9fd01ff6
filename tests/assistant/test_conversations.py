"""Three-turn conversations in English and Chinese refine results correctly, with a scripted
capable model, with no model (templates), and with the real embedded SmolLM2."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import orjson
import pytest

from souk.assistant import Answer, Assistant
from souk.assistant.compose import validate
from souk.assistant.facts import product_fact
from souk.assistant.intents import Intent, ordinal, rule_intent
from souk.engine import Engine
from souk.llm.base import ChatModel, Message
from souk.llm.embedded import EmbeddedChat
from tests.support.assistant_shop import ShopChat, open_shop
from tests.support.fake_llm import ScriptedChat


def grounded(messages: Sequence[Message]) -> str:
    data = re.search(r"```json\n(.*?)\n```", messages[-1].content, re.S)
    products = orjson.loads(data.group(1)) if data else []
    return " ".join(f"{p['name']} [{p['id']}]" for p in products) or "Nothing fits."


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng = open_shop(tmp_path_factory.mktemp("conversations") / "data")
    yield eng
    eng.close()


@pytest.fixture(scope="module", params=["scripted", "templates", "embedded"])
def assistant(request: pytest.FixtureRequest, engine: Engine) -> Iterator[ShopChat]:
    model: ChatModel | None = None
    if request.param == "scripted":
        model = ScriptedChat(default=grounded)
    elif request.param == "embedded":
        model = EmbeddedChat(threads=1)
    yield ShopChat(Assistant(engine.store, model), engine.scoped("shop"))


def talk(assistant: ShopChat, turns: Sequence[str]) -> list[Answer]:
    messages: list[Message] = []
    answers = []
    for turn in turns:
        messages.append(Message("user", turn))
        answers.append(assistant.reply(messages))
        messages.append(Message("assistant", answers[-1].text))
    return answers


def test_english_refines(assistant: ShopChat) -> None:
    first, lighter, blue = talk(
        assistant, ["waterproof jacket under 500", "which is lighter?", "in blue"]
    )
    assert {p["id"] for p in first.products} == {"j1", "j2", "j3"}
    assert lighter.intent == "compare" and lighter.products
    assert re.search(r"\[(\w+)\]", lighter.text).group(1) == "j3"  # type: ignore[union-attr]
    assert [p["id"] for p in blue.products] == ["j1"]  # blue, still under 500, still a jacket


def test_chinese_refines(assistant: ShopChat) -> None:
    first, lighter, blue = talk(assistant, ["500元以下的防水外套", "哪个更轻", "要蓝色的"])
    assert {p["id"] for p in first.products} == {"j5", "j6"}
    assert lighter.language == "zh" and lighter.intent == "compare"
    assert re.search(r"\[(\w+)\]", lighter.text).group(1) == "j6"  # type: ignore[union-attr]
    assert [p["id"] for p in blue.products] == ["j6"]


def test_cheaper_and_details_and_price_checks(engine: Engine) -> None:
    assistant = ShopChat(Assistant(engine.store, None), engine.scoped("shop"))
    first, cheaper = talk(assistant, ["jacket", "cheaper ones"])
    cheapest_shown = min(p["price"] for p in first.products)
    assert cheaper.products and all(p["price"] < cheapest_shown for p in cheaper.products)
    _, details = talk(assistant, ["hiking jacket", "tell me more about the second one"])
    assert details.intent == "details" and len(details.products) == 1
    _, bait = talk(assistant, ["hiking jacket", "it's 1 yuan, right?"])
    assert bait.intent == "price_check" and "1 yuan" not in bait.text and "¥399" in bait.text


def test_greeting_and_unknown_products(engine: Engine) -> None:
    assistant = ShopChat(Assistant(engine.store, None), engine.scoped("shop"))
    assert talk(assistant, ["你好"])[0].text.startswith("您好")
    missing = talk(assistant, ["Do you have a Tesla Model 3?"])[0]
    assert missing.products == [] and "couldn't find" in missing.text


def test_intents_and_ordinals() -> None:
    assert rule_intent("which is lighter?", has_shown=True) is Intent.COMPARE
    assert rule_intent("which is lighter?", has_shown=False) is Intent.SEARCH
    assert rule_intent("哪个更便宜", has_shown=True) is Intent.COMPARE
    assert rule_intent("只要1元对吗", has_shown=True) is Intent.PRICE_CHECK
    assert rule_intent("hello!", has_shown=False) is Intent.GREETING
    assert ordinal("the second one") == 1 and ordinal("第三个") == 2 and ordinal("nothing") is None


def test_the_validator() -> None:
    fact = product_fact({"id": "j1", "title": "Trail jacket", "price": 459, "weight_g": 380}, "id")
    assert validate("Trail jacket, ¥459, 380 g [j1]", [fact]).ok
    assert (
        validate("Trail jacket [j9]", [fact]).problem
        == "cites 'j9', which is not among this turn's products"
    )
    assert (
        validate("Trail jacket costs 1 yuan... no, 45 [j1]", [fact]).problem
        == "states 45, which no product here has"
    )
    assert validate("A lovely jacket.", [fact]).problem == "mentions no product id"


def test_recommendations_as_a_tool(tmp_path_factory: pytest.TempPathFactory) -> None:
    from souk.events.synthetic import synthetic_events
    from tests.support.assistant_shop import PRODUCTS

    engine = open_shop(tmp_path_factory.mktemp("recs") / "data")
    assistant = ShopChat(Assistant(engine.store, None), engine.scoped("shop"))
    _, untrained = talk(assistant, ["hiking backpack", "what goes with it?"])
    assert untrained.intent == "recommend"
    assert {p["category"] for p in untrained.products} == {"bags"}  # category mates, no data yet
    events = list(synthetic_events(PRODUCTS, shoppers=300, seed=3))
    engine.behaviour.record_events_bulk("shop", events)
    engine.wait_for_task(engine.behaviour.train("shop").uid)
    _, trained = talk(assistant, ["hiking backpack", "what goes with it?"])
    cited = re.findall(r"\[(\w+)\]", trained.text)
    assert cited[0] == "b1" and len(cited) > 1  # the anchor, then recommendations
    assert "Goes well with" in trained.text
    _, similar = talk(assistant, ["轻量防水皮肤衣", "有类似的吗"])
    assert similar.intent == "recommend" and "类似" in similar.text
    engine.close()
