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
    year: Annotated[int | None, typer.Option(
        min=1921, max=2200, help="The sample year (default: last year).")] = None,
    db: DbOption = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Record a realistic sample year for a few branches in the demo's own store, then show it.

    The demo never writes into a store that holds anything else: without --db it uses
    its own store (demo.db in your data folder, printed); a --db store must be empty
    or hold exactly this demo already.
    """
    from ledger.application import ImportSummary, Ledger
    from ledger.errors import LedgerError
    from ledger.locations import demo_store
    from ledger.sample import DEMO_PASSWORD, demo_accounts, generate

    year = year or date.today().year - 1
    entries = list(generate(branches, members, year, seed=seed))
    lines = [json.dumps(e, ensure_ascii=False) for e in entries]
    from projections.assessment import branches_of, rulebook_for
    from projections.scorecards import scorecards_for
    from projections.scoring import without_trace

    with user_errors(), Ledger(db or demo_store(), user="demo") as ledger:
        held = ledger.store.head()
        accounts = demo_accounts(sorted({e["branch"] for e in entries}))
        if held:
            found = ledger.store.positions([e["id"] for e in entries])
            logins = {account.name for account in ledger.users()}
            demo_logins = len(accounts) if logins == {name for name, _, _ in accounts} else 0
            if len(found) != len(entries) or held != len(entries) + demo_logins:
                raise LedgerError(
                    f"the store {ledger.store.config.display} already holds {held} entries that are not "
                    "this demo's; the demo never writes into a store in use. Run `taizhang demo` without "
                    "--db (it keeps its own store) or name a new file with --db"
                )
            summary = ImportSummary(lines=len(lines), skipped=len(lines))
        else:
            summary = ledger.import_lines(lambda: lines, keep_recorded_at=True)
            for name, role, branch in accounts:  # logins for `taizhang serve` on the demo's store
                ledger.add_user(name, DEMO_PASSWORD, role, branch)
        counts = ledger.counts()
        where = ledger.store.config.display
        used = ledger.store.config.url
        book = rulebook_for(ledger.store, year).book
        cards = scorecards_for(ledger.store, year, book, date.today(), branches_of(ledger.store))
    codes = sorted({e["branch"] for e in entries})  # the sample's branches (the logins' roles are the ORG's)
    kinds = sorted({kind for branch, kind in counts if branch in codes})
    if output == OutputFormat.json:
        print_json({"store": where, "year": year, "stored": summary.stored,
                    "already_stored": summary.skipped,
                    "logins": {"password": DEMO_PASSWORD, "names": [name for name, _, _ in accounts]},
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
    stdout.print(f"Logins for `taizhang serve` on this store (password {DEMO_PASSWORD}): "
                 + ", ".join(name for name, _, _ in accounts), highlight=False, soft_wrap=True)
    flag = "" if db else f" --db {used}"
    stdout.print(f"Next: taizhang{flag} score -y {year} -b {cards[-1]['branch']} (every deduction and its "
                 f"evidence), taizhang{flag} ledger -b {cards[0]['branch']} -y {year}, taizhang{flag} verify",
                 highlight=False, soft_wrap=True)
