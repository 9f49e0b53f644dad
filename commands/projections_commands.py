"""``taizhang projections status | rebuild | run``."""

from __future__ import annotations

import signal
import threading
from typing import Annotated, Any

import typer
from rich.table import Table

from commands.output import (
    DbOption,
    FormatOption,
    OutputFormat,
    fail,
    print_json,
    stderr,
    stdout,
    user_errors,
)

app = typer.Typer(help="The read models: how far they have read, rebuilding, running continuously.",
                  no_args_is_help=True)
NAMES = ("views",)


def _runner(store: Any, page_size: int = 10_000) -> Any:
    from projections.runner import Runner
    from projections.views import Views

    return Runner(store, Views(store), page_size=page_size)


@app.command()
def status(db: DbOption = None, output: FormatOption = OutputFormat.table) -> None:
    """Each projection's position, the store's head and the lag between them."""
    from ledger.store import open_store

    with user_errors():
        store = open_store(db, create=False)
        found = _runner(store).status()
    record = {"name": found.name, "position": found.position, "head": found.head, "lag": found.lag,
              "current_code": found.current_code}
    if output == OutputFormat.json:
        print_json([record])
        return
    table = Table("projection", "position", "head", "lag", "code")
    table.add_row(found.name, str(found.position), str(found.head), str(found.lag),
                  "current" if found.current_code else "changed: rebuilt on next read")
    stdout.print(table)


@app.command()
def rebuild(name: Annotated[str | None, typer.Argument(help="The projection (default: all).")] = None,
            db: DbOption = None) -> None:
    """Drop a projection's tables and replay the whole store into them."""
    from ledger.store import open_store

    if name is not None and name not in NAMES:
        fail(f"no projection named {name!r}; known: {', '.join(NAMES)}")
    with user_errors():
        store = open_store(db, create=False)
        runner = _runner(store)
        if stderr.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            with Progress("rebuilding views", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          console=stderr, transient=True) as bar:
                task = bar.add_task("views", total=store.head())
                done = runner.rebuild(lambda position, head: bar.update(task, completed=position))
        else:
            done = runner.rebuild()
    stdout.print(f"views rebuilt from {done} events", highlight=False)


@app.command()
def run(follow: Annotated[bool, typer.Option(help="Keep running and apply new events as they arrive.")]
        = False,
        interval: Annotated[float, typer.Option(min=0.05, help="Seconds between polls (and between "
                                                 "safety re-reads on PostgreSQL).")] = 1.0,
        page_size: Annotated[int, typer.Option(min=1, help="Events applied per transaction.")] = 10_000,
        db: DbOption = None) -> None:
    """Catch the projections up with the store (with --follow: until stopped by Ctrl-C or SIGTERM)."""
    from ledger.store import open_store

    with user_errors():
        store = open_store(db, create=False)
        runner = _runner(store, page_size)
        if not follow:
            done = runner.catch_up()
            stdout.print(f"views: {done} new events applied, at {runner.position()}", highlight=False)
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        stderr.print(f"following {store.config.display}; stop with Ctrl-C", highlight=False)
        runner.follow(stop, interval)
        stdout.print(f"views: stopped at {runner.position()}", highlight=False)
