"""Turn a query string into term groups and each group into a tantivy query.

A *group* is what one query word (or quoted phrase, or multi-word synonym match) stands for: the
word itself on every searchable field, its stem, its typo variants (within the Meilisearch typo
budget), a prefix match when it is the last word being typed, and its synonyms. The pipeline then
combines groups with the matching strategy (all words, or dropping words from the end).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import tantivy

from souk.retrieval.layout import FieldLayout, text_field
from souk.text.analyzer import QueryTerm, analyze_query, index_terms
from souk.text.normalize import normalize_text
from souk.text.typos import TypoRules, allowed_typos

EXACT_WEIGHT = 1.0
STEM_WEIGHT = 0.9
SYNONYM_WEIGHT = 0.8
COMPOUND_WEIGHT = 0.8
TYPO_WEIGHT = 0.35
PREFIX_WEIGHT = 0.45
TIE_BREAKER = 0.1


@dataclass
class TermGroup:
    """One query word/phrase with its alternatives (each alternative a list of words)."""

    words: list[QueryTerm]
    synonyms: list[list[str]] = field(default_factory=list)
    prefix: bool = False
    # joined-with-a-neighbour and split forms of the word (see souk.search.compounds)
    compounds: list[list[str]] = field(default_factory=list)
    # catalog words an unknown word was corrected to (see souk.search.spelling)
    corrections: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def typo_rules(settings: Mapping[str, object]) -> TypoRules:
    config = settings.get("typoTolerance")
    if not isinstance(config, Mapping):
        return TypoRules()
    sizes = config.get("minWordSizeForTypos")
    sizes = sizes if isinstance(sizes, Mapping) else {}
    words = config.get("disableOnWords")
    return TypoRules(
        enabled=bool(config.get("enabled", True)),
        one_typo=int(sizes.get("oneTypo", 5)),
        two_typos=int(sizes.get("twoTypos", 9)),
        disable_on_words=frozenset(normalize_text(w) for w in words)
        if isinstance(words, list)
        else frozenset(),
        disable_on_numbers=bool(config.get("disableOnNumbers", False)),
    )


def build_groups(
    query: str,
    *,
    synonyms: Mapping[str, Sequence[str]] | None = None,
    stop_words: frozenset[str] = frozenset(),
    max_words: int | None = None,
) -> list[TermGroup]:
    """Analyse ``query`` into term groups (stop words dropped unless that leaves nothing).

    Only the first ``max_words`` words are searched, as in Meilisearch (which keeps 10): each
    word multiplies the typo, prefix and synonym alternatives, so an unbounded query is an
    unbounded amount of work.
    """
    terms = analyze_query(query)
    if stop_words:
        kept = [t for t in terms if t.quoted or t.text not in stop_words]
        terms = kept or terms
    truncated = max_words is not None and len(terms) > max_words
    if truncated:
        terms = terms[:max_words]
    if not terms:
        return []
    table = _synonym_table(synonyms or {})
    max_len = max((len(key) for key in table), default=1)
    groups: list[TermGroup] = []
    i = 0
    while i < len(terms):
        term = terms[i]
        if term.quoted:
            j = i
            while j < len(terms) and terms[j].quoted and terms[j].position == term.position + j - i:
                j += 1
            groups.append(TermGroup(words=terms[i:j]))
            i = j
            continue
        matched = False
        for length in range(min(max_len, len(terms) - i), 0, -1):
            key = tuple(t.text for t in terms[i : i + length])
            if key in table and not any(t.quoted for t in terms[i : i + length]):
                groups.append(TermGroup(words=terms[i : i + length], synonyms=table[key]))
                i += length
                matched = True
                break
        if not matched:
            groups.append(TermGroup(words=[term]))
            i += 1
    last = groups[-1]
    typing = not truncated and not query.rstrip().endswith('"') and not query.endswith(" ")
    if typing and len(last.words) == 1:
        last.prefix = not last.words[0].cjk
    return groups


def _synonym_table(synonyms: Mapping[str, Sequence[str]]) -> dict[tuple[str, ...], list[list[str]]]:
    table: dict[tuple[str, ...], list[list[str]]] = {}
    for key, alternatives in synonyms.items():
        key_terms = tuple(t.text for t in analyze_query(key))
        if not key_terms:
            continue
        for alternative in alternatives:
            words = [t.text for t in analyze_query(alternative)]
            if words and tuple(words) != key_terms:
                table.setdefault(key_terms, []).append(words)
    return table


class GroupQueryBuilder:
    """Builds the tantivy query for a term group over every searchable field."""

    def __init__(
        self,
        schema: tantivy.Schema,
        layout: FieldLayout,
        rules: TypoRules,
        disable_typos_on: Sequence[str] = (),
        only: Sequence[str] | None = None,
    ) -> None:
        self.schema = schema
        self.layout = layout
        self.rules = rules
        self.no_typo_fields = set(disable_typos_on)
        # attributesToSearchOn: a subset of the searchable attributes, for this request only
        self.attributes = [a for a in layout.searchable if only is None or a in only]

    def build(self, group: TermGroup) -> tantivy.Query | None:
        parts: list[tantivy.Query] = []
        for attribute in self.attributes:
            fieldname = text_field(attribute)
            weight = self.layout.weight(attribute)
            typos_ok = attribute not in self.no_typo_fields
            parts.extend(self._field_queries(group, fieldname, weight, typos_ok))
        if not parts:
            return None
        return tantivy.Query.disjunction_max_query(parts, tie_breaker=TIE_BREAKER)

    def _field_queries(
        self, group: TermGroup, fieldname: str, weight: float, typos_ok: bool
    ) -> list[tantivy.Query]:
        out: list[tantivy.Query] = []
        schema = self.schema
        if len(group.words) > 1:
            out.append(_boost(_phrase(schema, fieldname, [w.text for w in group.words]), weight))
        else:
            word = group.words[0]
            out.append(
                _boost(
                    tantivy.Query.term_query(schema, fieldname, word.text), weight * EXACT_WEIGHT
                )
            )
            if word.stem != word.text:
                out.append(
                    _boost(
                        tantivy.Query.term_query(schema, fieldname, word.stem), weight * STEM_WEIGHT
                    )
                )
            if not word.quoted:
                budget = allowed_typos(word.text, self.rules) if typos_ok else 0
                if budget:
                    out.append(
                        _boost(
                            tantivy.Query.fuzzy_term_query(
                                schema, fieldname, word.text, budget, True, False
                            ),
                            weight * TYPO_WEIGHT,
                        )
                    )
                if group.prefix:
                    out.append(
                        _boost(
                            tantivy.Query.fuzzy_term_query(
                                schema, fieldname, word.text, min(budget, 1), True, True
                            ),
                            weight * PREFIX_WEIGHT,
                        )
                    )
        for correction in group.corrections:
            out.append(
                _boost(
                    tantivy.Query.term_query(schema, fieldname, correction), weight * TYPO_WEIGHT
                )
            )
        alternatives = [(a, SYNONYM_WEIGHT) for a in group.synonyms]
        alternatives += [(a, COMPOUND_WEIGHT) for a in group.compounds]
        for alternative, alternative_weight in alternatives:
            terms = [t for w in alternative for t in index_terms(w)[:1]]
            if len(terms) == 1:
                query = tantivy.Query.term_query(schema, fieldname, terms[0])
            elif terms:
                query = _phrase(schema, fieldname, terms)
            else:
                continue
            out.append(_boost(query, weight * alternative_weight))
        return out


def _phrase(schema: tantivy.Schema, fieldname: str, words: list[str]) -> tantivy.Query:
    if len(words) == 1:
        return tantivy.Query.term_query(schema, fieldname, words[0])
    # Indexed terms interleave stems and jieba sub-words with surface forms, so adjacent words
    # may sit a position or two apart: allow a small slop per gap.
    phrase: list[str | tuple[int, str]] = list(words)
    return tantivy.Query.phrase_query(schema, fieldname, phrase, 2 * (len(words) - 1))


def _boost(query: tantivy.Query, weight: float) -> tantivy.Query:
    return tantivy.Query.boost_query(query, weight)
