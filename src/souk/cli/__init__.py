"""The ``souk`` command line: thin commands over :class:`souk.engine.Engine`, assembled here.

Each command group lives in its own module and imports only :mod:`souk.cli.common`; this
module is the only one that imports them all.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from souk.cli import (
    analytics,
    assistant,
    backup,
    bench,
    demo,
    doctor,
    documents,
    events,
    indexes,
    ingest,
    recommend,
    search,
    serve,
    settings,
    tasks,
)
from souk.cli import eval as eval_
from souk.cli.group import SoukGroup

__all__ = ["app"]

app = typer.Typer(
    help="souk: an open-source AI commerce engine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=SoukGroup,
)

# Top-level commands (a Typer added without a name lends its commands to `app`), then the
# groups, in the order `souk --help` lists them.
app.add_typer(ingest.app)
app.add_typer(search.app)
app.add_typer(tasks.app)
app.add_typer(bench.app)
app.add_typer(serve.app)
app.add_typer(doctor.app)
app.add_typer(backup.app)
app.add_typer(assistant.app)
app.add_typer(analytics.app)
app.add_typer(indexes.app, name="index")
app.add_typer(settings.app, name="settings")
app.add_typer(documents.app, name="documents")
app.add_typer(demo.app, name="demo")
app.add_typer(eval_.app, name="eval")
app.add_typer(assistant.guard_app, name="guard")
app.add_typer(events.app, name="events")
app.add_typer(recommend.app, name="recommend")


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log timings.")] = False,
) -> None:
    """Set up logging for every command."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
