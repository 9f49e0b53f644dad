"""``taizhang roster``, ``ledger``, ``attendance``, ``dues`` and ``due``: reading the views.

Every command first catches the projections up with the store, so a user
always reads what they just recorded.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from commands.output import DbOption, cli_language, fail, print_json, stdout, user_errors


class LongFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


FormatOption = Annotated[LongFormat, typer.Option("--format", help="table, json or csv.")]
BranchOption = Annotated[str, typer.Option("--branch", "-b", help="The branch code.")]
YearOption = Annotated[
    int | None, typer.Option("--year", "-y", min=1921, max=2200, help="The year (default: this year).")
]
OnOption = Annotated[str | None, typer.Option("--on", help="The day, YYYY-MM-DD (default: today).")]


@contextmanager
def current_views(db: str | None) -> Iterator[tuple[Any, Any]]:
    """The store and a read connection to views caught up with it."""
    from ledger.store import open_store
    from projections.runner import reading
    from projections.views import catch_up

    with user_errors():
        store = open_store(db, create=False)
        try:
            catch_up(store)
            with reading(store) as connection:
                yield store, connection
        finally:
            store.close()


def registered(connection: Any, branch: str) -> str:
    """The registered branch the user meant (case-insensitive), or an error with suggestions."""
    from projections.lookup import known_branch
    from projections.queries import branches

    return known_branch(cli_language(), branch, branches(connection))


def parse_day(text: str | None) -> date:
    if text is None:
        return date.today()
    from ledger.values import parse_date

    try:
        day = parse_date(text)
    except ValueError as error:
        fail(f"--on: {error}")
    if not 1921 <= day.year <= 2200:
        fail(f"--on: {text} is outside the years a ledger can hold (1921–2200)")
    return day


def emit(rows: Sequence[Any], output: LongFormat, columns: list[str], title: str,
         headers: dict[str, str] | None = None) -> None:
    records = [_record(row) for row in rows]
    if output == LongFormat.json:
        print_json(records)
        return
    if output == LongFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for record in records:
            writer.writerow([_cell(record.get(c)) for c in columns])
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column((headers or {}).get(column, column))
    for record in records:
        table.add_row(*(_cell(record.get(c)) for c in columns))
    stdout.print(table)
    if not records:
        stdout.print("(nothing)")


def _record(row: Any) -> dict[str, Any]:
    if is_dataclass(row) and not isinstance(row, type):
        record = asdict(row)
        for name in dir(type(row)):
            if isinstance(getattr(type(row), name, None), property):
                record[name] = getattr(row, name)
        return record
    return dict(row)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if value <= 1 else f"{value:.2f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def roster(branch: BranchOption, on: OnOption = None,
           history: Annotated[bool, typer.Option(help="Every spell on the roster, not one day's.")] = False,
           db: DbOption = None, output: FormatOption = LongFormat.table) -> None:
    """Who belongs to the branch on a day: status, since when, committee role."""
    from projections import queries

    day = parse_day(on)
    with current_views(db) as (_, connection):
        branch = registered(connection, branch)
        if history:
            emit(queries.roster_history(connection, branch), output,
                 ["member", "name", "start", "end", "initial_status", "admitted_on", "converted_on",
                  "joined_by"], f"{branch} roster history")
            return
        rows = queries.roster(connection, branch, day)
    emit(rows, output, ["member", "name", "status", "since", "admitted_on", "converted_on", "role"],
         f"{branch} roster on {day} — {len(rows)} members")


def ledger(branch: BranchOption, year: YearOption = None,
           category: Annotated[str | None, typer.Option(help="Only one category: L, O, I, S or M.")] = None,
           lang: Annotated[Lang, typer.Option(help="Descriptions in Chinese or English.")] = Lang.zh,
           late_after: Annotated[int, typer.Option(
               envvar="TAIZHANG_LATE_AFTER_DAYS",
               help="An entry recorded more than this many days after its date is 'late'.")] = 7,
           db: DbOption = None, output: FormatOption = LongFormat.table) -> None:
    """The work ledger (工作台帐): every entry of a branch's year in date order, with its status."""
    from projections import queries

    if category is not None and category.upper() not in "LOISM":
        fail(f"--category: {category!r} is not one of L, O, I, S, M")
    year = year or date.today().year
    with current_views(db) as (store, connection):
        branch = registered(connection, branch)
        rows = queries.work_ledger(connection, store, branch, year, lang=lang.value,
                                   late_after_days=late_after,
                                   only_category=category.upper() if category else None)
    emit(rows, output, ["date", "category", "description", "status", "entry_id", "recorded_by",
                        "replaced_by"], f"{branch} 工作台帐 {year} — {len(rows)} entries")


class AttendanceBy(StrEnum):
    meeting = "meeting"
    member = "member"
    kind = "kind"
    month = "month"
    quarter = "quarter"


def attendance(branch: BranchOption, year: YearOption = None,
               by: Annotated[AttendanceBy, typer.Option(
                   help="Rows per meeting, member, kind, month or quarter.")] = AttendanceBy.meeting,
               member: Annotated[str | None, typer.Option(help="Only meetings this member was expected at.")]
               = None,
               db: DbOption = None, output: FormatOption = LongFormat.table) -> None:
    """Attendance rates: present ÷ expected (excused count as absent); expected defaults to the roster."""
    from projections import queries

    year = year or date.today().year
    with current_views(db) as (_, connection):
        branch = registered(connection, branch)
        held = queries.meetings_of(connection, branch, year)
    if member:
        held = [m for m in held if member in m.expected]
    if by == AttendanceBy.meeting:
        emit(held, output, ["date", "kind", "topic", "attended", "rate", "excused", "absent"],
             f"{branch} attendance {year} — {len(held)} meetings")
    elif by == AttendanceBy.member:
        rows = queries.by_member(held)
        if member:
            rows = [r for r in rows if r.member == member]
        emit(rows, output, ["member", "expected", "attended", "excused", "rate", "longest_absence_run",
                            "current_absence_run"], f"{branch} attendance per member {year}")
    else:
        emit(queries.by_group(held, by.value), output, ["group", "meetings", "expected", "present", "rate"],
             f"{branch} attendance per {by.value} {year}")


class DuesBy(StrEnum):
    member = "member"
    month = "month"


def dues(branch: BranchOption, year: YearOption = None,
         by: Annotated[DuesBy, typer.Option(help="member: each member-month; month: the branch's months.")]
         = DuesBy.member,
         member: Annotated[str | None, typer.Option(help="Only this member.")] = None,
         on: OnOption = None, db: DbOption = None, output: FormatOption = LongFormat.table) -> None:
    """Dues: due, paid and short per member-month; collected, remitted, late and withheld per month."""
    from projections import queries
    from projections.dues import branch_months, member_months, months_of

    day = parse_day(on)
    year = year or day.year
    months = months_of(year, day if day.year == year else None)
    with current_views(db) as (_, connection):
        branch = registered(connection, branch)
        spells = queries.branch_spells(connection, branch)
        bases, paid, remitted = queries.dues_rows(connection, branch)
    if by == DuesBy.month:
        emit(branch_months(paid, remitted, months, day), output,
             ["month", "collected", "remitted", "deadline", "remitted_late", "withheld"],
             f"{branch} dues per month {year}")
        return
    rows = [r for r in member_months(spells, bases, paid, months) if member is None or r.member == member]
    gaps = [r for r in rows if r.due is None]
    emit(rows, output, ["member", "month", "due", "paid", "short"], f"{branch} dues {year}")
    if gaps and output == LongFormat.table:
        stdout.print(f"[yellow]data gaps:[/] {len(gaps)} member-months have no dues base "
                     "(shown with an empty due, not counted as zero)")


def due(branch: BranchOption, on: OnOption = None, db: DbOption = None,
        output: FormatOption = LongFormat.table) -> None:
    """Obligations ahead: what the rules will expect and is not yet done, soonest first."""
    from projections.obligations import obligations

    day = parse_day(on)
    with current_views(db) as (store, connection):
        branch = registered(connection, branch)
        rows = obligations(connection, store, branch, day)
    emit(rows, output, ["due_on", "item", "what", "overdue"], f"{branch} obligations as of {day}")


def register(app: typer.Typer) -> None:
    for command in (roster, ledger, attendance, dues, due):
        app.command()(command)
