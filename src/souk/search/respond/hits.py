"""Hits as the response shows them: projected, highlighted and cropped, with their scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from souk.search.candidates import Candidate
from souk.search.highlight import MatchSpec, format_hit
from souk.search.request import SearchRequest
from souk.search.terms import TermGroup, typo_rules


def format_hits(
    window: Sequence[Candidate],
    docs: Mapping[int, dict[str, Any]],
    request: SearchRequest,
    groups: list[TermGroup],
    settings: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """One hit per candidate of the page whose document is still there.

    ``groups`` are the query's term groups: what highlighting and cropping look for.
    """
    displayed = list(settings["displayedAttributes"])
    spec = MatchSpec(
        terms=[w for g in groups for w in g.words],
        prefix_last=bool(groups and groups[-1].prefix),
        typo_rules=typo_rules(settings),
        synonyms=[w for g in groups for alt in g.synonyms for w in alt],
    )
    retrieve = request.attributes_to_retrieve
    hits: list[dict[str, Any]] = []
    for ranked in window:
        doc = docs.get(ranked.iid)
        if doc is None:
            continue
        shown = project(doc, displayed, retrieve)
        if request.retrieve_vectors and "_vectors" in doc:
            shown["_vectors"] = doc["_vectors"]
        if (
            request.attributes_to_highlight
            or request.attributes_to_crop
            or request.show_matches_position
        ):
            formatted, positions = format_hit(
                project(doc, displayed, None),
                spec,
                highlight=request.attributes_to_highlight,
                crop=request.attributes_to_crop,
                crop_length=request.crop_length,
                crop_marker=request.crop_marker,
                pre_tag=request.highlight_pre_tag,
                post_tag=request.highlight_post_tag,
                show_matches_position=request.show_matches_position,
                displayed=displayed,
            )
            if formatted is not None:
                shown["_formatted"] = project(formatted, displayed, retrieve)
            if positions is not None:
                shown["_matchesPosition"] = positions
        if request.show_ranking_score:
            shown["_rankingScore"] = round(float(ranked.score), 6)
        if request.show_ranking_score_details:
            shown["_rankingScoreDetails"] = score_details(ranked, len(groups))
        hits.append(shown)
    return hits


def project(
    doc: Mapping[str, Any], displayed: Sequence[str], retrieve: Sequence[str] | None
) -> dict[str, Any]:
    """Apply displayedAttributes then attributesToRetrieve (``*`` = everything)."""
    out = dict(doc)
    if "*" not in displayed:
        out = {k: v for k, v in out.items() if k in displayed}
    if retrieve is not None and "*" not in retrieve:
        out = {k: v for k, v in out.items() if k in retrieve}
    out.pop("_vectors", None)
    return out


def score_details(ranked: Candidate, groups: int) -> dict[str, Any]:
    """The parts of the ranking score, in Meilisearch's shape where they apply."""
    details: dict[str, Any] = {}
    order = 0
    if groups:
        details["words"] = {
            "order": order,
            "matchingWords": ranked.matched,
            "maxMatchingWords": groups,
            "score": round(ranked.matched / groups, 6),
        }
        order += 1
    if ranked.learned:
        details["ranker"] = {"order": order, "model": "learned", "score": ranked.score}
        order += 1
    if ranked.similarity is not None:
        details["vectorSort"] = {"order": order, "similarity": round(ranked.similarity, 6)}
    return details
