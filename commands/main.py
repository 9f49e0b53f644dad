"""The ``taizhang`` command: sub-apps composed in one place."""

from __future__ import annotations

import os

import typer

from commands import log, projections_commands, score_commands, store_commands, views_commands
from commands.output import DbOption

app = typer.Typer(
    name="taizhang",
    help="台帐 Taizhang — the work ledger of a party organisation: record entries as "
    "they happen, import and export them, and check the store's integrity.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def main(db: DbOption = None) -> None:
    """台帐 Taizhang — the work ledger of a party organisation."""
    if db:
        os.environ["TAIZHANG_DB"] = db


app.add_typer(log.app, name="log")
store_commands.register(app)
views_commands.register(app)
score_commands.register(app)
app.add_typer(projections_commands.app, name="projections")


def run() -> None:
    app()
