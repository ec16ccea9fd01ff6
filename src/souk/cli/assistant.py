"""`souk chat` and `souk guard audit|policy`: the shopping assistant and its guardrails."""

from __future__ import annotations

import time
from typing import Annotated

import orjson
import typer
from rich.markup import escape
from rich.table import Table

from souk.cli.common import (
    IndexOpt,
    JsonOpt,
    console,
    err_console,
    fail,
    open_engine,
    print_json,
)
from souk.errors import SoukError
from souk.guard.guard import Guard
from souk.llm.base import Message

app = typer.Typer()
guard_app = typer.Typer(
    help="Guardrails: the audit log and each index's policy.", no_args_is_help=True
)


@app.command("chat")
def chat(
    index: IndexOpt,
    message: Annotated[
        list[str] | None,
        typer.Option(
            "--message", "-m", help="Ask this (repeat for a multi-turn script) instead of a prompt."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Talk to the shopping assistant in the terminal (Ctrl-D or `exit` ends)."""
    with open_engine() as engine:
        try:
            assistant = engine.behaviour.assistant
            engine.get_index(index)
        except SoukError as exc:
            fail(exc, as_json)
        history: list[Message] = []
        results = []
        scripted = list(message or [])
        if not scripted and not as_json:
            model = assistant.model.name if assistant.model is not None else "templates only"
            console.print(f"[dim]souk assistant on '{index}' ({model}); Ctrl-D to leave[/dim]")
        while True:
            if scripted:
                text = scripted.pop(0)
            elif message:
                break
            else:
                try:
                    text = console.input("[bold]you>[/bold] ")
                except (EOFError, KeyboardInterrupt):
                    break
            if text.strip().lower() in ("exit", "quit"):
                break
            if not text.strip():
                continue
            history.append(Message("user", text))
            started = time.perf_counter()
            try:
                answer = assistant.reply(engine.scoped(index), history)
            except SoukError as exc:
                err_console.print(f"[red]{exc.message}[/red]")
                history.pop()
                continue
            seconds = time.perf_counter() - started
            history.append(Message("assistant", answer.text))
            results.append(
                {
                    "question": text,
                    "answer": answer.text,
                    "products": answer.products,
                    "intent": answer.intent,
                    "source": answer.source,
                    "refused": answer.refused,
                    "seconds": round(seconds, 3),
                }
            )
            if not as_json:
                console.print(f"[bold green]souk>[/bold green] {escape(answer.text)}")
                console.print(f"[dim]({answer.intent}, {answer.source}, {seconds:.2f}s)[/dim]")
        if as_json:
            print_json(results)


@guard_app.command("audit")
def guard_audit(
    index: Annotated[str | None, typer.Option("--index", "-i", help="Only this index.")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="Only this rule.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 50,
    as_json: JsonOpt = False,
) -> None:
    """Guard decisions, newest first (append-only; PII already redacted)."""
    with open_engine() as engine:
        entries = Guard(engine.store).audit.entries(index_uid=index, rule=rule, limit=limit)
    if as_json:
        print_json([e.to_dict() for e in entries])
        return
    table = Table(title="guard audit log")
    for column in ("at", "index", "stage", "rule", "action", "detail"):
        table.add_column(column)
    for e in entries:
        d = e.to_dict()
        table.add_row(
            d["at"], e.index_uid or "", e.stage, e.rule, e.action, escape((e.detail or "")[:60])
        )
    console.print(table)


@guard_app.command("policy")
def guard_policy(
    index: IndexOpt,
    update: Annotated[
        str | None, typer.Option("--set", help="JSON patch, e.g. '{\"scope\": false}'")
    ] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Back to the defaults.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show, change or reset an index's guard policy."""
    with open_engine() as engine:
        try:
            engine.get_index(index)
            policies = Guard(engine.store).policies
            if reset:
                policy = policies.reset(index)
            elif update is not None:
                try:
                    patch = orjson.loads(update)
                except orjson.JSONDecodeError as exc:
                    raise SoukError(
                        f"--set is not valid JSON: {exc}", "invalid_guard_policy"
                    ) from None
                policy = policies.update(index, patch)
            else:
                policy = policies.get(index)
        except SoukError as exc:
            fail(exc, as_json)
    if as_json:
        print_json(policy.to_dict())
    else:
        for key, value in policy.to_dict().items():
            console.print(f"{key}: {value}")
