"""`souk doctor`: check the store, the derived indexes and the disk; `--repair` rebuilds."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from souk.cli.common import JsonOpt, console, print_json
from souk.config import Settings
from souk.engine.doctor import Diagnosis, diagnose, repair

app = typer.Typer()

_COLOURS = {"ok": "green", "note": "cyan", "warning": "yellow", "broken": "red"}


@app.command("doctor")
def doctor(
    do_repair: Annotated[
        bool, typer.Option("--repair", help="Rebuild broken derived indexes from the store.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the installation: store integrity, each index's derived files (checksums) and
    contents against the store, checkpoints, free disk space; say what a repair would do.
    Exits 1 unless everything is healthy (after the repair, with --repair)."""
    config = Settings()
    found = diagnose(config)
    repaired: list[dict[str, Any]] = []
    if do_repair and found.repairs():
        repaired = [r.to_dict() for r in repair(config, found)]
        found = diagnose(config)
    if as_json:
        print_json({**found.to_dict(), "repaired": repaired})
    else:
        _print(found, repaired, do_repair)
    if not found.healthy:
        raise typer.Exit(1)


def _line(level: str, text: str) -> None:
    colour = _COLOURS.get(level, "white")
    console.print(f"  [{colour}]{level:<7}[/{colour}] {text}", highlight=False)


def _print(found: Diagnosis, repaired: list[dict[str, Any]], did_repair: bool) -> None:
    console.print(f"[bold]souk doctor[/bold] {found.data_dir}", highlight=False)
    store = found.store
    if store.ok:
        _line("ok", f"store {store.where}: {store.check} ok in {store.seconds:.2f}s")
    else:
        problems = store.problems + [f"missing table {t}" for t in store.missing_tables]
        _line("broken", f"store {store.where}: {'; '.join(problems[:5])}")
    _line(found.disk.level, f"disk: {found.disk.detail}")
    for index in found.indexes:
        console.print(f"index [bold]{index.uid}[/bold] ({index.documents} documents)")
        for finding in index.findings:
            _line(finding.level, f"{finding.check}: {finding.detail}")
    for path in found.orphans:
        _line("broken", f"{path}: derived files of no index")
    for item in repaired:
        _line("ok" if item["ok"] else "broken", f"repaired: {item['action']} {item['detail']}")
    planned = found.repairs()
    if planned and not did_repair:
        console.print("[bold]souk doctor --repair[/bold] would:")
        for action in planned:
            console.print(f"  - {action}", highlight=False)
    for advice in found.advice():
        console.print(f"[yellow]to do[/yellow]: {advice}", highlight=False)
    if found.healthy:
        console.print(f"[green]healthy[/green] (checked in {found.seconds:.2f}s)")
    else:
        console.print(f"[red]not healthy[/red] (checked in {found.seconds:.2f}s)")
