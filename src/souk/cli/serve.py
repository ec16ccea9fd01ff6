"""`souk serve`: the Meilisearch-compatible HTTP API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from souk.cli.common import err_console

app = typer.Typer()


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 7700,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="HTTP worker threads' processes (the task worker stays one)."
        ),
    ] = 1,
    master_key: Annotated[
        str | None,
        typer.Option(
            "--master-key",
            envvar="SOUK_MASTER_KEY",
            help="Protects every route but /health. Prefer the SOUK_MASTER_KEY variable or "
            "--master-key-file: a command-line value is visible to every user in `ps`.",
        ),
    ] = None,
    master_key_file: Annotated[
        Path | None,
        typer.Option(
            "--master-key-file",
            envvar="SOUK_MASTER_KEY_FILE",
            help="Read the master key from this file (its first line).",
        ),
    ] = None,
    max_body_mb: Annotated[
        int, typer.Option("--max-body-mb", min=1, help="Largest accepted request body.")
    ] = 100,
    import_dump: Annotated[
        Path | None,
        typer.Option(
            "--import-dump",
            help="Load this dump into the empty store before serving (docs/backups.md).",
        ),
    ] = None,
    import_snapshot: Annotated[
        Path | None,
        typer.Option("--import-snapshot", help="The same with a snapshot."),
    ] = None,
) -> None:
    """Serve the Meilisearch-compatible HTTP API (default http://127.0.0.1:7700)."""
    from souk.api.server import run_server

    if master_key_file is not None:
        if master_key is not None:
            raise typer.BadParameter("give the master key once: a key or a key file, not both")
        master_key = read_key_file(master_key_file)
    elif master_key is not None and _from_command_line(ctx, "master_key"):
        err_console.print(
            "[yellow]warning:[/] the master key was given on the command line, where `ps` "
            "shows it to every user of this machine; set SOUK_MASTER_KEY or use "
            "--master-key-file instead."
        )

    run_server(
        host=host,
        port=port,
        workers=workers,
        master_key=master_key,
        max_body_bytes=max_body_mb * 1024 * 1024,
        import_dump=import_dump,
        import_snapshot=import_snapshot,
    )


def read_key_file(path: Path) -> str:
    """The first line of ``path``, stripped; a clear error if it is missing or empty."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise typer.BadParameter(
            f"cannot read the master key file {path}: {exc.strerror}"
        ) from None
    key = lines[0].strip() if lines else ""
    if not key:
        raise typer.BadParameter(f"the master key file {path} is empty")
    return key


def _from_command_line(ctx: typer.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"
