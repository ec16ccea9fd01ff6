"""`souk search`: query an index and print hits, facets and what the query was understood as."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from souk.cli.common import IndexOpt, JsonOpt, console, fail, open_engine, print_json
from souk.errors import SoukError

app = typer.Typer()

# Highlight tags that cannot occur in catalog text: the title is escaped for rich, then they
# become markup (a title like "[New] shoes" must print as it is).
_MARK_ON, _MARK_OFF = "\x01", "\x02"


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="What to search for ('' for browse).")],
    index: IndexOpt,
    filter_: Annotated[str | None, typer.Option("--filter", help="Meilisearch filter.")] = None,
    facets: Annotated[str | None, typer.Option("--facets", help="Comma-separated.")] = None,
    sort: Annotated[str | None, typer.Option("--sort", help="e.g. price:asc,rating:desc")] = None,
    semantic_ratio: Annotated[
        float | None,
        typer.Option("--semantic-ratio", min=0.0, max=1.0, help="0 keyword … 1 semantic."),
    ] = None,
    embedder: Annotated[str, typer.Option("--embedder")] = "default",
    limit: Annotated[int, typer.Option("--limit", min=0)] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    strategy: Annotated[str, typer.Option("--matching-strategy")] = "last",
    show_score: Annotated[bool, typer.Option("--show-score")] = False,
    understand: Annotated[
        bool,
        typer.Option(
            "--understand",
            help="Turn price, colour, brand, size, category and sort words "
            "into filters and sort (English and Chinese).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Search an index: keywords, typos, filters, facets, sort, hybrid."""
    params: dict[str, Any] = {
        "q": query,
        "limit": limit,
        "offset": offset,
        "matchingStrategy": strategy,
        "showRankingScore": show_score or not as_json,
        "understand": understand,
    }
    if filter_:
        params["filter"] = filter_
    if facets:
        params["facets"] = [f.strip() for f in facets.split(",") if f.strip()]
    if sort:
        params["sort"] = [s.strip() for s in sort.split(",") if s.strip()]
    if semantic_ratio is not None:
        params["hybrid"] = {"semanticRatio": semantic_ratio, "embedder": embedder}
    if not as_json:
        params["attributesToHighlight"] = ["title"]
        params["highlightPreTag"], params["highlightPostTag"] = _MARK_ON, _MARK_OFF
    with open_engine() as engine:
        try:
            result = engine.search(index, params)
            primary_key = engine.get_index(index).primary_key or "id"
        except SoukError as exc:
            fail(exc, as_json)
    if as_json:
        print_json(result)
        return
    if "understanding" in result:
        _print_understanding(result["understanding"])
    _print_results(result, primary_key)


def _print_understanding(understanding: dict[str, Any]) -> None:
    applied = [f["filter"] for f in understanding["filters"] if f["applied"]]
    applied += [s["sort"] for s in understanding["sort"] if s["applied"]]
    console.print(
        f"understood: query [bold]{understanding['query']!r}[/bold]"
        + (f", {'; '.join(applied)}" if applied else ", nothing to filter")
    )


def _rich_highlight(text: str) -> str:
    return escape(text).replace(_MARK_ON, "[bold yellow]").replace(_MARK_OFF, "[/bold yellow]")


def _print_results(result: dict[str, Any], primary_key: str) -> None:
    total = result.get("estimatedTotalHits", result.get("totalHits"))
    console.print(f"[bold]{total}[/bold] hits in {result['processingTimeMs']} ms")
    table = Table("#", "id", "title", "price", "color", "score")
    for rank, hit in enumerate(result["hits"], start=1 + int(result.get("offset", 0))):
        title = _rich_highlight(str(hit.get("_formatted", {}).get("title", hit.get("title", ""))))
        table.add_row(
            str(rank),
            str(hit.get(primary_key, "")),
            str(title),
            str(hit.get("price", "")),
            str(hit.get("color", "")),
            f"{hit.get('_rankingScore', 0):.3f}",
        )
    console.print(table)
    for attribute, counts in (result.get("facetDistribution") or {}).items():
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:10]
        console.print(
            f"[bold]{attribute}[/bold]: " + ", ".join(f"{value} ({count})" for value, count in top)
        )
    for attribute, stats in (result.get("facetStats") or {}).items():
        console.print(f"[bold]{attribute}[/bold] range: {stats['min']} – {stats['max']}")
