"""``taizhang demo``: a realistic sample year on the embedded store."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from commands.output import DbOption, FormatOption, OutputFormat, print_json, stdout, user_errors
from commands.score_commands import GRADES, pts


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
    from projections.assessment import branches_of, rulebook_for
    from projections.scorecards import scorecards_for
    from projections.scoring import without_trace

    with user_errors(), Ledger(db, user="demo") as ledger:
        summary = ledger.import_lines(lambda: lines, keep_recorded_at=True)
        counts = ledger.counts()
        where = ledger.store.config.display
        book = rulebook_for(ledger.store, year).book
        cards = scorecards_for(ledger.store, year, book, date.today(), branches_of(ledger.store))
    codes = sorted({branch for branch, _ in counts})
    kinds = sorted({kind for _, kind in counts})
    if output == OutputFormat.json:
        print_json({"store": where, "year": year, "stored": summary.stored,
                    "already_stored": summary.skipped,
                    "entries": {b: {k: counts[(b, k)] for k in kinds if counts[(b, k)]} for b in codes},
                    "scorecards": [without_trace(card) for card in cards]})
        return
    table = Table(title=f"Taizhang demo — {year}, stored in {where}")
    table.add_column("entry type")
    for code in codes:
        table.add_column(code, justify="right")
    for kind in kinds:
        table.add_row(kind, *(str(counts[(c, kind)] or "") for c in codes))
    table.add_row("[bold]total", *(f"[bold]{sum(counts[(c, k)] for k in kinds)}" for c in codes))
    stdout.print(table)
    stdout.print(f"{summary.stored} entries stored now, {summary.skipped} were already stored.\n")
    scores = Table(title=f"Scorecards {year} — rulebook {book.version}")
    scores.add_column("branch")
    for category in book.categories:
        scores.add_column(f"{category.id} /{pts(category.base)}", justify="right")
    scores.add_column("total", justify="right")
    scores.add_column("grade")
    scores.add_column("advanced selection")
    for card in cards:
        scores.add_row(card["branch"], *(pts(c["score"]) for c in card["categories"]), pts(card["total"]),
                       GRADES[card["grade"]], "eligible" if card["advanced_eligible"] else "")
    stdout.print(scores)
    stdout.print(f"Next: taizhang score -y {year} -b {cards[-1]['branch']} --lang en (every deduction and its "
                 f"evidence), taizhang ledger -b {cards[0]['branch']} -y {year}, taizhang verify")
