"""``taizhang import``, ``export``, ``verify`` and ``demo``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from commands.output import (
    EXIT_INVALID,
    DbOption,
    FormatOption,
    OutputFormat,
    fail,
    print_json,
    stderr,
    stdout,
    user_errors,
)

SHOWN_ERRORS = 50


def import_file(
    file: Annotated[Path, typer.Argument(help="A JSON Lines file, one entry per line ('-' for stdin).",
                                         allow_dash=True)],
    keep_recorded_at: Annotated[bool, typer.Option(
        "--keep-recorded-at", help="Keep each line's recorded_at: only when migrating from another system into an "
        "empty store (elsewhere it would backdate entries; such lines are refused).")] = False,
    by: Annotated[str | None, typer.Option("--by", envvar="TAIZHANG_USER",
                                           help="Who records lines that name nobody.")] = None,
    db: DbOption = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Append a file's entries, all or nothing; list every bad line with its number and reason."""
    from ledger.application import Ledger
    from ledger.errors import ImportRejected

    if str(file) != "-":
        _check_readable(file)
    with user_errors(), Ledger(db, user=by) as ledger:
        try:
            summary = _import_with_progress(ledger, file, keep_recorded_at)
        except ImportRejected as rejected:
            if output == OutputFormat.json:
                print_json({"imported": 0, "bad_lines": rejected.total, "errors": [
                    {"line": e.line, "field": e.field, "reason": e.reason} for e in rejected.errors]})
            else:
                for error in rejected.errors[:SHOWN_ERRORS]:
                    stderr.print(f"{file}: {error}", highlight=False, markup=False)
                if rejected.total > SHOWN_ERRORS:
                    listed = len(rejected.errors)
                    where = ("--format json lists them all" if listed == rejected.total
                             else f"--format json lists the first {listed:,}")
                    stderr.print(f"… and {rejected.total - SHOWN_ERRORS:,} more bad lines ({where})",
                                 highlight=False, markup=False)
                stderr.print(f"[bold red]error:[/] {file}: {rejected}", highlight=False)
            raise typer.Exit(EXIT_INVALID) from None
    if output == OutputFormat.json:
        print_json({"lines": summary.lines, "comments": summary.comments, "stored": summary.stored,
                    "skipped": summary.skipped,
                    "by_type": dict(sorted(summary.by_type.items()))})
        return
    comments = f", {summary.comments} comment lines skipped" if summary.comments else ""
    stdout.print(f"{file}: {summary.stored} entries stored, {summary.skipped} already stored "
                 f"({summary.lines} lines{comments})", highlight=False)


def _check_readable(file: Path) -> None:
    """A file to import must be a regular file; say precisely what else it is."""
    import stat

    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        fail(f"{file}: no such file")
    except OSError as error:
        fail(f"{file}: cannot be read ({error.strerror})")
    if stat.S_ISDIR(mode):
        fail(f"{file}: is a folder; name a JSON Lines file inside it")
    if not stat.S_ISREG(mode):
        fail(f"{file}: is not a regular file (a device, a pipe or a socket); "
             f"to import from a pipe, give - and send the lines to standard input")


def _import_with_progress(ledger: object, file: Path, keep: bool) -> object:
    from ledger.application import Ledger

    assert isinstance(ledger, Ledger)
    if str(file) == "-":
        # Spool standard input to a file: an import may need to read it twice
        # (a concurrent writer makes it start again), and memory stays flat.
        import shutil
        import tempfile

        with tempfile.NamedTemporaryFile(prefix="taizhang-stdin-") as spool:
            shutil.copyfileobj(sys.stdin.buffer, spool)
            spool.flush()
            return _import_with_progress(ledger, Path(spool.name), keep)

    def lines() -> Iterator[bytes]:
        with file.open("rb") as handle:
            yield from handle

    if not stderr.is_terminal:
        return ledger.import_lines(lines, keep_recorded_at=keep)
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TimeRemainingColumn(), console=stderr, transient=True) as bar:
        task = bar.add_task(f"importing {file.name}", total=file.stat().st_size)

        def opened() -> Iterator[bytes]:
            bar.reset(task)
            return lines()

        return ledger.import_lines(opened, keep_recorded_at=keep,
                                   progress=lambda size: bar.advance(task, size))


def export(
    out: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write every entry as JSON Lines, in append order, ids and recorded_at included."""
    from ledger.application import Ledger

    with user_errors(), Ledger(db, create=False) as ledger:
        if out is None:
            write = sys.stdout.write
            for line in ledger.export():
                write(line + "\n")
            return
        from ledger.output_files import written

        with written(out, ledger.store.config.files) as handle:
            for line in ledger.export():
                handle.write(line + "\n")


def register(app: typer.Typer) -> None:
    app.command("import")(import_file)
    app.command()(export)
    app.command()(where)
    from commands.demo import demo
    from commands.generate import generate

    app.command()(demo)
    app.command()(generate)


def where(db: DbOption = None, output: FormatOption = OutputFormat.table) -> None:
    """Which store a command here would use, and why (--db, TAIZHANG_DB, this folder or your data folder)."""
    from commands.output import STORE_FROM_FLAG
    from ledger.locations import data_folder, demo_store, locate
    from ledger.store import parse_url, store_exists

    located = locate(db, flag_given=STORE_FROM_FLAG[0])
    with user_errors():
        config = parse_url(located.url)
        exists = store_exists(config)
    if output == OutputFormat.json:
        print_json({"store": config.display, "reason": located.reason, "exists": exists,
                    "data_folder": str(data_folder()), "demo_store": demo_store()})
        return
    reasons = {"--db": "named by --db", "TAIZHANG_DB": "named by TAIZHANG_DB",
               "working directory": "taizhang.db in this folder",
               "per-user default": "your data folder (nothing named another store)"}
    stdout.print(f"{config.display}\n  because: {reasons[located.reason]}\n  "
                 f"{'holds a store' if exists else 'no store there yet (the first log or import creates it)'}\n"
                 f"  the demo's own store: {demo_store()}", highlight=False)
