"""``taizhang demo``: a realistic sample year on the embedded store."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from commands.output import DbOption, FormatOption, OutputFormat, print_json, stdout, user_errors


def demo(
    seed: Annotated[int, typer.Option(help="The same seed gives the same sample.")] = 2025,
    branches: Annotated[int, typer.Option(min=1, max=50, help="How many branches.")] = 4,
    members: Annotated[int, typer.Option(min=4, max=200, help="Members per branch.")] = 12,
    year: Annotated[int | None, typer.Option(help="The sample year (default: last year).")] = None,
    db: DbOption = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Record a realistic sample year for a few branches, then show what was stored."""
    from ledger.application import Ledger
    from ledger.sample import generate

    year = year or date.today().year - 1
    lines = [json.dumps(e, ensure_ascii=False) for e in generate(branches, members, year, seed=seed)]
    with user_errors(), Ledger(db, user="demo") as ledger:
        summary = ledger.import_lines(lambda: lines, keep_recorded_at=True)
        counts = ledger.counts()
        where = ledger.store.config.display
    codes = sorted({branch for branch, _ in counts})
    kinds = sorted({kind for _, kind in counts})
    if output == OutputFormat.json:
        print_json({"store": where, "year": year, "stored": summary.stored,
                    "already_stored": summary.skipped,
                    "entries": {b: {k: counts[(b, k)] for k in kinds if counts[(b, k)]} for b in codes}})
        return
    table = Table(title=f"Taizhang demo — {year}, stored in {where}")
    table.add_column("entry type")
    for code in codes:
        table.add_column(code, justify="right")
    for kind in kinds:
        table.add_row(kind, *(str(counts[(c, kind)] or "") for c in codes))
    table.add_row("[bold]total", *(f"[bold]{sum(counts[(c, k)] for k in kinds)}" for c in codes))
    stdout.print(table)
    stdout.print(f"{summary.stored} entries stored now, {summary.skipped} were already stored. "
                 "Try: taizhang export | head, taizhang verify, taizhang log --help")
