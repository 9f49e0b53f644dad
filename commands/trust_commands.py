"""The store's guarantees: ``verify`` (with anchors), ``backup``, ``restore``, ``keygen``, ``db grant``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commands.output import (
    EXIT_INVALID,
    DbOption,
    FormatOption,
    OutputFormat,
    cli_language,
    print_json,
    stderr,
    stdout,
    user_errors,
)


def verify(
    anchor: Annotated[list[str] | None, typer.Option(
        "--anchor", help="POSITION:HASH of a chain head kept outside the store (repeatable); "
        "the stored history must still pass through it.")] = None,
    anchors: Annotated[Path | None, typer.Option(
        "--anchors", help="A file of anchors, one POSITION:HASH a line.")] = None,
    db: DbOption = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Re-walk the hash chain; report the first broken link (exit 1) or a one-line summary with the head."""
    from ledger.anchors import parse_anchor, read_anchors
    from ledger.application import Ledger
    from ledger.i18n import text

    lang = cli_language()
    with user_errors():
        given = [parse_anchor(value) for value in anchor or []]
        if anchors is not None:
            given += read_anchors(anchors)
        with Ledger(db, create=False) as ledger:
            report = ledger.verify(given)
    if output == OutputFormat.json:
        print_json({"ok": report.ok, "events": report.events, "head": report.head,
                    "head_position": report.head_position, "anchor": report.anchor,
                    "anchors_checked": report.anchors_checked,
                    "problem": report.problem, "position": report.position})
    elif report.ok:
        stdout.print(text(lang, "ok: {events} events, chain intact, head {anchor}",
                          events=report.events, anchor=report.anchor), highlight=False)
        if report.anchors_checked:
            stdout.print(text(lang, "the history passes through all {count} anchors",
                              count=report.anchors_checked), highlight=False)
    else:
        stderr.print("[bold red]" + text(lang, "tampered:") + "[/] " + (report.problem or ""),
                     highlight=False)
        stderr.print(text(lang, "{events} events verified before it.", events=report.events),
                     highlight=False)
    if not report.ok:
        raise typer.Exit(EXIT_INVALID)


def register(app: typer.Typer) -> None:
    app.command()(verify)
