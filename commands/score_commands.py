"""``taizhang score`` and ``taizhang rules show | validate | schema``."""

from __future__ import annotations

import json
import sys
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
    fail,
    print_json,
    stderr,
    stdout,
)
from commands.views_commands import Lang, current_views

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


def score(year: Annotated[int, typer.Option("--year", "-y", help="The assessed year.")],
          branch: Annotated[str | None, typer.Option("--branch", "-b", help="One branch (default: all).")]
          = None,
          rulebook: RulebookOption = None,
          lang: Annotated[Lang, typer.Option(help="Titles in Chinese or English.")] = Lang.zh,
          trace: Annotated[bool, typer.Option(help="Show every check, fired or not.")] = False,
          db: DbOption = None, output: FormatOption = OutputFormat.table) -> None:
    """Scorecards: categories, items, deductions with their evidence, total and grade."""
    from projections.facts import branch_facts
    from projections.queries import branches
    from projections.scoring import score as score_branch

    book = _rulebook(rulebook)
    with current_views(db) as (store, connection):
        codes = [branch] if branch else branches(connection)
        if branch and branch not in branches(connection):
            fail(f"--branch: no entries of branch {branch} are stored")
        cards = [score_branch(code, branch_facts(store, code, through_year=year), book, year,
                              date.today(), lang.value) for code in codes]
    if output == OutputFormat.json:
        print_json([card.to_json(trace=trace) for card in cards])
        return
    for card in cards:
        print_card(card, trace)


def pts(value: Any) -> str:
    """Points without trailing zeros: 12, 18.5, 0.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


GRADES = {"meets": "达标 meets", "basically_meets": "基本达标 basically meets", "fails": "不达标 fails"}


def print_card(card: Any, trace: bool) -> None:
    eligible = "eligible for the advanced selection" if card.advanced_eligible else "not eligible"
    stdout.print(f"[bold]{card.branch} {card.year}[/]: {pts(card.total)} — {GRADES[card.grade]} ({eligible}); "
                 f"rulebook {card.rulebook_version}", highlight=False)
    table = Table("item", "title", "deducted", "reason", "evidence", show_lines=False)
    for category in card.categories:
        table.add_row(f"[bold]{category.id}", f"[bold]{category.name}",
                      f"[bold]{pts(category.score)}/{pts(category.base)}", "", "")
        for item in category.items:
            if not item.deductions and not trace:
                continue
            first = True
            for deduction in item.deductions or [None]:
                evidence = ""
                if deduction is not None:
                    evidence = ", ".join(deduction.evidence[:4]) or f"(missing in {deduction.period})"
                table.add_row(item.id if first else "", item.title if first else "",
                              f"−{pts(deduction.amount)}" if deduction else "0",
                              deduction.reason if deduction else "", evidence)
                first = False
            if trace:
                for check in item.checks:
                    table.add_row("", f"  [dim]{check.check}", "", f"[dim]{check.summary}", "")
    stdout.print(table)
    if card.data_gaps:
        stdout.print(f"[yellow]data gaps ({len(card.data_gaps)}):[/] " + "; ".join(card.data_gaps[:5]))


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


def register(app: typer.Typer) -> None:
    app.command()(score)
    app.add_typer(rules_app, name="rules")
