"""`souk analytics`: top and zero-result queries, click-through and conversion."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from souk.cli.common import IndexOpt, JsonOpt, console, fail, open_engine, print_json
from souk.errors import SoukError

app = typer.Typer()


@app.command("analytics")
def analytics(
    index: IndexOpt,
    since_days: Annotated[
        float | None, typer.Option("--since-days", min=0, help="Only the last N days.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Top queries, zero-result queries, click-through and conversion."""
    since = None if since_days is None else time.time() - since_days * 86_400
    with open_engine() as engine:
        try:
            report = engine.behaviour.analytics(index, since=since, limit=limit)
        except SoukError as exc:
            fail(exc, as_json)
    if as_json:
        print_json(report)
        return
    console.print(
        f"{report['searches']:,} searches · CTR {report['clickThroughRate']:.1%} · conversion "
        f"{report['conversionRate']:.1%} · events {report['events']}"
    )
    for title, rows, columns in (
        (
            "top queries",
            report["topQueries"],
            ("query", "searches", "clickThroughRate", "conversionRate", "averageHits"),
        ),
        (
            "zero-result queries",
            report["zeroResultQueries"],
            ("query", "searches", "zeroResultSearches"),
        ),
        (
            "top products",
            report["topProducts"],
            ("productId", "views", "clicks", "addToCart", "purchases"),
        ),
    ):
        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(escape(str(row[c])) for c in columns))
        console.print(table)
