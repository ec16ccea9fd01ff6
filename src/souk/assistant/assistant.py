"""One assistant turn: guard the input → plan (intent, slots) → tools over the real search
pipeline → compose (model, validated; or template) → guard the output → store the turn.

The conversation is the message list the caller sends (as with OpenAI's API): earlier user
messages rebuild the slots, and the ids cited in the last assistant message are "the products
shown", which "which is lighter?" or "the second one" refer to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from souk.assistant.catalog import Catalog
from souk.assistant.compose import (
    SYSTEM_PROMPT,
    compose_with_model,
    lead_in,
    template_compare,
    template_details,
    template_price_check,
    template_recommend,
    template_search,
    validate,
)
from souk.assistant.conversations import ConversationStore
from souk.assistant.facts import ProductFact, numeric_attribute, product_fact
from souk.assistant.intents import Intent, model_intent, ordinal, rule_intent, wants_similar
from souk.assistant.slots import Slots, update_slots
from souk.errors import SoukError
from souk.guard.guard import Guard
from souk.guard.pii import redact
from souk.guard.scope import language_of
from souk.llm.base import ChatModel, Message
from souk.store.store import Store

RESULTS = 5
_GUESSED = ("category", "subcategory", "categories", "product_type", "type", "department")
_CITED = re.compile(r"\[([^\[\]\s]{1,64})\]")
_DESCENDING = re.compile(r"heav|more expensive|best|highest|重|贵|最好|评分最高", re.I)
GREETING = {
    "en": "Hi! Tell me what you are looking for (a product, a budget, a colour) and I'll find it.",
    "zh": "您好！告诉我您想找什么商品、预算或颜色，我来帮您找。",
}


@dataclass
class Answer:
    text: str
    products: list[dict[str, Any]]
    conversation_id: str
    intent: str
    language: str
    slots: Slots = field(default_factory=Slots)
    refused: bool = False
    rule: str | None = None
    source: str = "template"  # model, template, guard
    problems: list[str] = field(default_factory=list)
    retrieved: list[str] = field(default_factory=list)  # ids the tools returned this turn


class Assistant:
    """Answers one turn of a shopping conversation from a :class:`Catalog`.

    It owns the guard (input and output checks, audit) and the stored conversation turns. Its
    only way to products is the catalog it is given, already scoped to what the caller may
    see; it never states a product, price or attribute that the catalog did not return.
    """

    def __init__(self, store: Store, model: ChatModel | None = None) -> None:
        self.model = model
        self.guard = Guard(store)
        self.conversations = ConversationStore(store)

    def reply(
        self,
        catalog: Catalog,
        messages: Sequence[Message],
        *,
        conversation_id: str | None = None,
        actor: str | None = None,
    ) -> Answer:
        user_texts = [m.content for m in messages if m.role == "user"]
        if not user_texts or not user_texts[-1].strip():
            raise SoukError(
                "The conversation has no user message to answer.", "invalid_chat_request"
            )
        index_uid = catalog.uid
        primary_key = catalog.primary_key
        conversation = conversation_id or _conversation_id(index_uid, user_texts[0], actor)
        verdict = self.guard.check_input(
            user_texts[-1], index_uid=index_uid, actor=actor, conversation_id=conversation
        )
        self.conversations.append(conversation, index_uid, "user", verdict.text)
        if not verdict.allowed:
            answer = Answer(
                verdict.refusal or "",
                [],
                conversation,
                "refused",
                verdict.language,
                refused=True,
                rule=verdict.rule,
                source="guard",
            )
            self.conversations.append(conversation, index_uid, "assistant", answer.text)
            return answer
        answer = self._plan_and_answer(catalog, messages, verdict.text, conversation)
        answer.text = self.guard.check_output(
            answer.text,
            secret=SYSTEM_PROMPT,
            index_uid=index_uid,
            actor=actor,
            conversation_id=conversation,
        )
        answer.retrieved = [str(p.get(primary_key)) for p in answer.products]
        cited = set(_CITED.findall(answer.text))
        answer.products = [p for p in answer.products if str(p.get(primary_key)) in cited]
        self.conversations.append(
            conversation,
            index_uid,
            "assistant",
            answer.text,
            [str(p.get(primary_key)) for p in answer.products],
        )
        return answer

    def stream(self, answer: Answer, size: int = 12) -> Iterator[str]:
        """A validated answer in pieces (validation needs the whole text before any is sent)."""
        text = answer.text
        for start in range(0, len(text), size):
            yield text[start : start + size]

    # -- planning ------------------------------------------------------------------------
    def _plan_and_answer(
        self,
        catalog: Catalog,
        messages: Sequence[Message],
        text: str,
        conversation: str,
    ) -> Answer:
        primary_key = catalog.primary_key
        language = language_of(text)
        vocabulary = catalog.vocabulary()
        shown = self._shown(catalog, messages)
        slots = Slots()
        earlier = [m.content for m in messages if m.role == "user"][:-1]
        for previous in earlier:  # only searches shape the slots; comparisons refer to results
            if rule_intent(previous, has_shown=True) is Intent.SEARCH:
                slots = update_slots(slots, redact(previous)[0], vocabulary)
        intent = rule_intent(text, has_shown=bool(shown))
        if self.model is not None and self.model.capable:
            intent = model_intent(self.model, text, intent)
        if intent is Intent.GREETING:
            return Answer(GREETING[language], [], conversation, intent.value, language, slots)
        if intent is Intent.PRICE_CHECK and shown:
            facts = [product_fact(doc, primary_key) for doc in shown]
            checked = template_price_check(facts, language)  # never let a model haggle
            return Answer(checked, shown, conversation, intent.value, language, slots)
        if intent is Intent.RECOMMEND and shown:
            position = ordinal(text)
            anchor = shown[
                position if position is not None and -len(shown) <= position < len(shown) else 0
            ]
            return self._recommend(catalog, anchor, text, language, conversation)
        if intent is Intent.COMPARE and shown:
            compared = self._compare(shown, text, language, conversation, primary_key)
            if compared is not None:
                compared.slots = slots
                return compared
        if intent is Intent.DETAILS and shown:
            position = ordinal(text)
            doc = shown[
                position if position is not None and -len(shown) <= position < len(shown) else 0
            ]
            fact = product_fact(doc, primary_key)
            return Answer(
                template_details(fact, language), [doc], conversation, intent.value, language, slots
            )
        prices = [float(d["price"]) for d in shown if isinstance(d.get("price"), int | float)]
        slots = update_slots(slots, text, vocabulary, prices)
        return self._search(catalog, slots, text, language, conversation)

    def _search(
        self,
        catalog: Catalog,
        slots: Slots,
        question: str,
        language: str,
        conversation: str,
    ) -> Answer:
        params: dict[str, Any] = {"q": slots.query, "limit": RESULTS, "matchingStrategy": "all"}
        if slots.filters:
            params["filter"] = slots.filter_expressions
        if slots.sort:
            params["sort"] = list(slots.sort)
        try:
            hits = catalog.search(params)["hits"]
            if not hits:
                known = self._known_words(catalog, slots.query)
                if known:
                    hits = catalog.search({**params, "q": known})["hits"]
            if not hits and any(a in slots.filters for a in _GUESSED):
                # a category read from the words is the likeliest wrong guess: try without it
                kept = [e for a, e in slots.filters.items() if a not in _GUESSED]
                hits = catalog.search({**params, "filter": kept or None})["hits"]
        except SoukError:  # a sort or filter the index cannot apply: search the words only
            hits = catalog.search({"q": slots.query, "limit": RESULTS})["hits"]
        primary_key = catalog.primary_key
        docs = [_plain(hit) for hit in hits]
        facts = [product_fact(doc, primary_key) for doc in docs]
        answer = Answer("", docs, conversation, Intent.SEARCH.value, language, slots)
        self._compose(
            answer, question, facts, template_search(facts, slots.describe() or question, language)
        )
        return answer

    def _recommend(
        self,
        catalog: Catalog,
        anchor: dict[str, Any],
        text: str,
        language: str,
        conversation: str,
    ) -> Answer:
        """Recommendations for a shown product; without a trained model, its category mates."""
        primary_key = catalog.primary_key
        similar = wants_similar(text)
        anchor_id = str(anchor.get(primary_key))
        kind = "similar" if similar else "bought-together"
        try:
            hits = catalog.recommend(kind, anchor_id, limit=RESULTS)["hits"]
        except SoukError:  # no trained recommendations yet
            hits = []
        if not hits and anchor.get("category") is not None:
            category = str(anchor["category"]).replace('"', '\\"')
            try:
                found = catalog.search(
                    {"q": "", "filter": f'category = "{category}"', "limit": RESULTS + 1}
                )["hits"]
            except SoukError:  # category is not filterable in this index
                found = []
            hits = [h for h in found if str(h.get(primary_key)) != anchor_id][:RESULTS]
            similar = True
        docs = [_plain(hit) for hit in hits]
        facts = [product_fact(doc, primary_key) for doc in docs]
        anchor_fact = product_fact(anchor, primary_key)
        answer = Answer("", [anchor, *docs], conversation, Intent.RECOMMEND.value, language)
        template = template_recommend(anchor_fact, facts, similar, language)
        self._compose(answer, text, [anchor_fact, *facts], template)
        return answer

    def _known_words(self, catalog: Catalog, query: str) -> str | None:
        """The query without words the catalog never uses ("lightweight running shoes" →
        "running shoes"), or None when fewer than half its words are known: then the shop
        does not have it ("tesla model 3"), and answering with loose matches would mislead."""
        words = [w for w in query.split() if not w.isdigit()]
        if len(words) < 2:
            return None
        known = [
            w
            for w in words
            if catalog.search({"q": w, "limit": 1, "matchingStrategy": "all"})["hits"]
        ]
        return " ".join(known) if known and len(known) * 2 >= len(words) else None

    def _compare(
        self,
        shown: list[dict[str, Any]],
        text: str,
        language: str,
        conversation: str,
        primary_key: str,
    ) -> Answer | None:
        facts = [product_fact(doc, primary_key) for doc in shown]
        ranked = [(f, numeric_attribute(f, text)) for f in facts]
        usable = [(f, v) for f, v in ranked if v is not None]
        if len(usable) < 2:
            return None
        attribute = usable[0][1][0]  # type: ignore[index]
        descending = bool(_DESCENDING.search(text))
        ordered = sorted(((f, v[1]) for f, v in usable), key=lambda p: p[1], reverse=descending)  # type: ignore[index]
        template = template_compare(ordered, attribute, language, not descending)
        answer = Answer("", shown, conversation, Intent.COMPARE.value, language)
        # the comparison is computed here, not by the model: it gets the products in that order
        order = "descending" if descending else "ascending"
        question = f"{text}\n(The products below are sorted by {attribute}, {order}.)"
        self._compose(answer, question, [f for f, _ in ordered], template)
        return answer

    def _compose(
        self, answer: Answer, question: str, facts: list[ProductFact], template: str
    ) -> None:
        if self.model is not None and facts and not self.model.capable:
            # the shopper's own words only, not the notes added for a capable model
            lead = lead_in(self.model, question.split("\n(")[0], answer.language)
            answer.text, answer.source = template, "template"
            if lead is not None:  # the lead-in replaces a search list's own heading line
                lines = template.split("\n", 1)
                body = (
                    lines[1]
                    if answer.intent == Intent.SEARCH.value and len(lines) > 1
                    else template
                )
                answer.text = f"{lead}\n{body}"
                answer.source = "model+template"
            return
        if self.model is not None and facts:
            text, problems = compose_with_model(self.model, question, facts, attempts=2)
            answer.problems = problems
            if text is not None:
                answer.text, answer.source = text, "model"
                return
            for problem in problems:
                self.guard.audit.record(
                    stage="output",
                    rule="grounding",
                    action="fallback",
                    index_uid=None,
                    conversation_id=answer.conversation_id,
                    detail=problem,
                )
        assert validate(template, facts).ok or not facts, (
            "template answers are grounded by construction"
        )
        answer.text, answer.source = template, "template"

    def _shown(self, catalog: Catalog, messages: Sequence[Message]) -> list[dict[str, Any]]:
        """Products cited in the last assistant message (that still exist and the caller may
        see: the message comes from the caller), in cited order."""
        for message in reversed(messages[:-1]):
            if message.role == "assistant":
                ids = list(dict.fromkeys(_CITED.findall(message.content)))
                found = catalog.documents(ids) if ids else {}
                return [found[i] for i in ids if i in found]
        return []


def _plain(hit: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in hit.items() if not k.startswith("_")}


def _conversation_id(index_uid: str, first_message: str, actor: str | None) -> str:
    digest = hashlib.sha256(f"{index_uid}\0{actor or ''}\0{first_message}".encode()).hexdigest()
    return f"c_{digest[:24]}"
