"""`souk serve`: the Meilisearch-compatible HTTP API."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer()


@app.command("serve")
def serve(
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
            "--master-key", envvar="SOUK_MASTER_KEY", help="Protects every route but /health."
        ),
    ] = None,
    max_body_mb: Annotated[
        int, typer.Option("--max-body-mb", min=1, help="Largest accepted request body.")
    ] = 100,
) -> None:
    """Serve the Meilisearch-compatible HTTP API (default http://127.0.0.1:7700)."""
    from souk.api.server import run_server

    run_server(
        host=host,
        port=port,
        workers=workers,
        master_key=master_key,
        max_body_bytes=max_body_mb * 1024 * 1024,
    )
