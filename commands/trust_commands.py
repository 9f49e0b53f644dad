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




def backup(
    file: Annotated[Path, typer.Argument(help="A new file to hold the copy (SQLite stores).")],
    db: DbOption = None,
) -> None:
    """Copy the store into a new file while writers go on (SQLite's online backup); verify the copy."""
    from ledger.application import Ledger
    from ledger.backup import backup as backup_store
    from ledger.i18n import text

    lang = cli_language()
    with user_errors():
        backup_store(db, file)
        with Ledger(f"sqlite:///{file.resolve()}", create=False) as copy:
            report = copy.verify()
    if not report.ok:
        stderr.print(text(lang, "the copy does not verify: {problem}", problem=report.problem),
                     highlight=False)
        raise typer.Exit(EXIT_INVALID)
    stdout.print(text(lang, "backed up {events} events to {file}, chain head {anchor}",
                      events=report.events, file=str(file), anchor=report.anchor), highlight=False)


def restore(
    file: Annotated[Path, typer.Argument(help="A file written by taizhang backup.")],
    db: DbOption = None,
) -> None:
    """Restore a backup into an empty store, then verify its chain."""
    from ledger.application import Ledger
    from ledger.backup import restore as restore_store
    from ledger.i18n import text

    lang = cli_language()
    with user_errors():
        restore_store(file, db)
        with Ledger(db, create=False) as restored:
            report = restored.verify()
    if not report.ok:
        stderr.print(text(lang, "the restored store does not verify: {problem}", problem=report.problem),
                     highlight=False)
        raise typer.Exit(EXIT_INVALID)
    stdout.print(text(lang, "restored {events} events from {file}, chain head {anchor}",
                      events=report.events, file=str(file), anchor=report.anchor), highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(backup)
    app.command()(restore)
