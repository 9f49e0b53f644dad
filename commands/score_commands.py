"""``taizhang score`` and ``taizhang rules show | validate | schema``."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from commands.output import (
    EXIT_INVALID,
    DbOption,
    FormatOption,
    OutputFormat,
    cli_language,
    fail,
    print_json,
    stderr,
    stdout,
    user_errors,
)
from commands.views_commands import Lang, current_views, registered

rules_app = typer.Typer(help="The rulebook: show, validate, print the schema.", no_args_is_help=True)

RulebookOption = Annotated[Path | None, typer.Option(
    "--rulebook", help="Score under this rulebook file instead of the one in force (a what-if).")]


def _rulebook(path: Path | None) -> Any:
    from projections.rulebook import RulebookError, default_rulebook, load_rulebook

    try:
        return load_rulebook(path) if path is not None else default_rulebook()
    except RulebookError as error:
        for problem in error.problems:
            stderr.print(f"{error.source}: {problem}", highlight=False, markup=False)
        raise typer.Exit(EXIT_INVALID) from None


def score(year: Annotated[int, typer.Option("--year", "-y", min=1921, max=2200, help="The assessed year.")],
          branch: Annotated[str | None, typer.Option("--branch", "-b", help="One branch (default: all).")]
          = None,
          rulebook: RulebookOption = None,
          lang: Annotated[Lang, typer.Option(help="Titles in Chinese or English.")] = Lang.zh,
          trace: Annotated[bool, typer.Option(help="Show every check, fired or not.")] = False,
          db: DbOption = None, output: FormatOption = OutputFormat.table) -> None:
    """Scorecards: categories, items, deductions with their evidence, total and grade."""
    from projections.assessment import rulebook_for
    from projections.queries import branches
    from projections.scorecards import iter_scorecards
    from projections.scoring import without_trace

    with current_views(db) as (store, connection):
        book = _rulebook(rulebook) if rulebook else rulebook_for(store, year).book
        codes = [registered(connection, branch)] if branch else branches(connection)
        # printed as they come, a chunk of branches at a time: a city's cards are never all in memory
        cards = iter_scorecards(store, year, book, date.today(), codes, lang.value)
        if output == OutputFormat.json:
            stream_json(card if trace else without_trace(card) for card in cards)
            return
        for card in cards:
            print_card(card, trace)


def stream_json(items: Iterable[Any]) -> None:
    """A JSON array written an element at a time (the same text print_json writes for a list)."""
    write = sys.stdout.write
    first = True
    for item in items:
        write("[\n" if first else ",\n")
        write(textwrap.indent(json.dumps(item, ensure_ascii=False, indent=2, default=str), "  "))
        first = False
    write("[]\n" if first else "\n]\n")


def pts(value: Any) -> str:
    """Points without trailing zeros: 12, 18.5, 0.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


GRADES = {"meets": "达标 meets", "basically_meets": "基本达标 basically meets", "fails": "不达标 fails"}


def print_card(card: dict[str, Any], trace: bool) -> None:
    """One scorecard (its JSON form) as a table."""
    eligible = "eligible for the advanced selection" if card["advanced_eligible"] else "not eligible"
    stdout.print(f"[bold]{card['branch']} {card['year']}[/]: {pts(card['total'])} — {GRADES[card['grade']]} "
                 f"({eligible}); rulebook {card['rulebook']['version']}", highlight=False)
    table = Table("item", "title", "deducted", "reason", "evidence", show_lines=False)
    for category in card["categories"]:
        table.add_row(f"[bold]{category['id']}", f"[bold]{category['name']}",
                      f"[bold]{pts(category['score'])}/{pts(category['base'])}", "", "")
        for item in category["items"]:
            if not item["deductions"] and not trace:
                continue
            first = True
            for deduction in item["deductions"] or [None]:
                evidence = ""
                if deduction is not None:
                    evidence = ", ".join(deduction["evidence"][:4]) or f"(missing in {deduction['period']})"
                table.add_row(item["id"] if first else "", item["title"] if first else "",
                              f"−{pts(deduction['amount'])}" if deduction else "0",
                              deduction["reason"] if deduction else "", evidence)
                first = False
            if trace:
                for check in item.get("checks", []):
                    table.add_row("", f"  [dim]{check['check']}", "", f"[dim]{check['summary']}", "")
    stdout.print(table)
    if card["data_gaps"]:
        stdout.print(f"[yellow]data gaps ({len(card['data_gaps'])}):[/] " + "; ".join(card["data_gaps"][:5]))


@rules_app.command("validate")
def validate(file: Annotated[Path, typer.Argument(help="A rulebook YAML file.")],
             output: FormatOption = OutputFormat.table) -> None:
    """Check a rulebook file: a one-line summary when clean, every problem with its key path (exit 1)."""
    from projections.rulebook import RulebookError, load_rulebook

    try:
        book = load_rulebook(file)
    except RulebookError as error:
        if output == OutputFormat.json:
            print_json({"ok": False, "problems": error.problems})
        else:
            for problem in error.problems:
                stderr.print(f"{error.source}: {problem}", highlight=False, markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    summary = {"ok": True, "version": book.version, "digest": book.digest,
               "categories": len(book.categories), "items": len(book.items())}
    if output == OutputFormat.json:
        print_json(summary)
    else:
        stdout.print(f"{file}: ok — version {book.version}, {summary['categories']} categories, "
                     f"{summary['items']} items, {book.digest}", highlight=False)


@rules_app.command("schema")
def schema() -> None:
    """Print the rulebook's JSON Schema."""
    from projections.rulebook import rulebook_schema

    sys.stdout.write(json.dumps(rulebook_schema(), ensure_ascii=False, indent=2) + "\n")


@rules_app.command("show")
def show(rulebook: RulebookOption = None,
         output: Annotated[str, typer.Option("--format", help="yaml or json.")] = "yaml") -> None:
    """Print the rulebook (the default one unless --rulebook names a file)."""
    from projections.rulebook import DEFAULT_RULEBOOK

    if output not in ("yaml", "json"):
        fail("--format: use yaml or json")
    if output == "yaml" and rulebook is None:
        sys.stdout.write(DEFAULT_RULEBOOK.read_text(encoding="utf-8"))
        return
    book = _rulebook(rulebook)
    data = book.model_dump(mode="json")
    if output == "json":
        print_json(data)
    else:
        sys.stdout.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


OrgOption = Annotated[str, typer.Option("--organisation", envvar="TAIZHANG_ORG",
                                        help="The organisation's code (the organ party committee).")]


@rules_app.command("adopt")
def adopt(file: Annotated[Path, typer.Argument(help="A rulebook YAML file.")],
          from_year: Annotated[int | None, typer.Option(help="The first year scored under it "
                                                        "(default: its effective_from).")] = None,
          organisation: OrgOption = "ORG", db: DbOption = None) -> None:
    """Adopt a rulebook (a RulebookAdopted entry): years from --from-year on are scored under it."""
    from ledger.application import Ledger
    from projections.assessment import adopt as adopt_rulebook
    from projections.assessment import rescore

    book = _rulebook(file)
    with user_errors(), Ledger(db) as ledger:
        recorded = adopt_rulebook(ledger, book, from_year=from_year, organisation=organisation, on=date.today())
        stdout.print(f"adopted {book.version} ({book.digest[:19]}…) as {recorded.entry_id}", highlight=False)
        first = from_year if from_year is not None else book.effective_from
        rescored = rescore(ledger.store, first, date.today())
    for year, count in rescored:
        stdout.print(f"rescored {year}: {count} scorecards", highlight=False)


@rules_app.command("diff")
def diff(first: Annotated[Path, typer.Argument(help="The rulebook before.")],
         second: Annotated[Path, typer.Argument(help="The rulebook after.")],
         year: Annotated[int, typer.Option("--year", "-y", min=1921, max=2200, help="The year to score under both.")],
         db: DbOption = None, output: FormatOption = OutputFormat.table) -> None:
    """Score a year under two rulebooks: what changes, branch by branch and item by item."""
    from projections.assessment import score_all
    from projections.queries import branches

    before, after = _rulebook(first), _rulebook(second)
    with current_views(db) as (store, connection):
        codes = branches(connection)
        old = score_all(store, year, before, date.today(), codes)
        new = score_all(store, year, after, date.today(), codes)
        changes = []
        for a, b in zip(old, new, strict=True):  # a chunk of branches at a time under each rulebook
            items_a = {i.id: i.deducted for c in a.categories for i in c.items}
            items_b = {i.id: i.deducted for c in b.categories for i in c.items}
            moved = {k: [pts(items_a.get(k, 0)), pts(items_b.get(k, 0))]
                     for k in sorted(set(items_a) | set(items_b)) if items_a.get(k, 0) != items_b.get(k, 0)}
            changes.append({"branch": a.branch, "total": [pts(a.total), pts(b.total)],
                            "grade": [a.grade, b.grade], "grade_moved": a.grade != b.grade, "items": moved})
    if output == OutputFormat.json:
        print_json(changes)
        return
    table = Table("branch", "total", "grade", "items deducting differently (before → after)")
    for change in changes:
        grade = " → ".join(change["grade"]) if change["grade_moved"] else change["grade"][0]
        table.add_row(change["branch"], " → ".join(change["total"]), grade,
                      ", ".join(f"{k} {v[0]}→{v[1]}" for k, v in change["items"].items()))
    stdout.print(table)
    stdout.print(f"{sum(c['grade_moved'] for c in changes)} of {len(changes)} grades move.")


def publish(year: Annotated[int, typer.Option("--year", "-y", min=1921, max=2200, help="The assessed year.")],
            organisation: OrgOption = "ORG", db: DbOption = None, output: FormatOption = OutputFormat.table) -> None:
    """Publish a year's assessment (通报): record each branch's score and its digest."""
    from ledger.application import Ledger
    from projections.assessment import publish as publish_year

    with user_errors(), Ledger(db, create=False) as ledger:
        cards, recorded = publish_year(ledger, year, organisation=organisation, on=date.today())
        head = ledger.chain_head()  # the anchor to keep outside the store (verify --anchor)
    if output == OutputFormat.json:
        print_json({"id": recorded.entry_id, "scores": [c.to_json() for c in cards], "chain_head": str(head)})
        return
    table = Table("branch", "total", "grade", "advanced selection")
    for card in cards:
        table.add_row(card.branch, pts(card.total), GRADES[card.grade],
                      "eligible" if card.advanced_eligible else "")
    stdout.print(table)
    stdout.print(f"published the {year} assessment as {recorded.entry_id}", highlight=False)
    stdout.print(f"chain head {head} (keep it: taizhang verify --anchor {head})", highlight=False)


def audit(year: Annotated[int, typer.Option("--year", "-y", min=1921, max=2200, help="The assessed year.")],
          branch: Annotated[str, typer.Option("--branch", "-b", help="The branch.")],
          as_of: Annotated[str | None, typer.Option(
              "--as-of", help="Only events recorded up to this time (ISO 8601, e.g. 2026-01-15T12:00+08:00; "
              "without an offset: the organisation's time zone, TAIZHANG_TIMEZONE, default Asia/Shanghai).")]
          = None,
          db: DbOption = None, output: FormatOption = OutputFormat.table) -> None:
    """Recompute a branch-year from the event store alone, trace every check, compare with the publication."""
    from ledger.clock import parse_moment
    from ledger.store import open_store
    from projections.assessment import audit as audit_branch
    from projections.assessment import branches_of
    from projections.lookup import known_branch

    with user_errors():
        moment = parse_moment(as_of) if as_of is not None else None
        store = open_store(db, create=False)
        try:
            branch = known_branch(cli_language(), branch, branches_of(store))
            report = audit_branch(store, branch, year, moment)
        finally:
            store.close()
    if output == OutputFormat.json:
        print_json({"branch": branch, "year": year, "as_of": report.as_of, "rulebook": report.rulebook_source,
                    "matches_publication": report.matches, "published": report.published,
                    "published_at": report.published_at, "stored_scorecard": report.stored,
                    "differences": report.differences,
                    "explanations": report.explanations, "scorecard": report.card.to_json(trace=True)})
    else:
        stdout.print(f"audit of {branch} {year} as of {report.as_of}, from the event store alone "
                     f"(rulebook: {report.rulebook_source})", highlight=False)
        print_card(report.card.to_json(trace=True), trace=True)
        if report.stored:
            stdout.print(f"stored scorecard: {report.stored}", highlight=False)
        if report.published is not None:
            stdout.print(f"published {report.published_at}: {report.published['total']} "
                         f"{GRADES[report.published['grade']]}", highlight=False)
        for line in report.differences:
            stdout.print(f"[bold red]differs:[/] {line}", highlight=False)
        for line in report.explanations:
            stdout.print(f"  because: {line}", highlight=False)
        if report.matches and report.published is not None:
            stdout.print("[green]matches the published assessment[/]")
    if not report.matches:
        raise typer.Exit(EXIT_INVALID)


def register(app: typer.Typer) -> None:
    app.command()(score)
    app.command()(publish)
    app.command()(audit)
    app.add_typer(rules_app, name="rules")
