"""The branch's 工作台帐 workbook: a cover with the roster, one sheet per category, and the dues.

One sheet per category of the method (L, O, I, S, M) rather than per month: the assessor
checks the 台帐 item by item, and each item belongs to one category, so a category's
sheet holds everything that item is judged on, in date order; a month is a filter away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ledger.i18n import name, text
from ledger.store import Store
from reports import Rendered, ReportError, Request
from reports.data import short_id

CATEGORY_IDS = ("L", "O", "I", "S", "M")


def _table(sheet: Worksheet, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    first = sheet.max_row
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if rows:
        sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(header))}{sheet.max_row}"
    sheet.freeze_panes = f"A{first + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{first}:{first}"


def local_time(moment: str) -> str:
    """When an entry was stored, in the organisation's time zone to the second, with its offset."""
    from ledger.clock import organisation_zone

    try:
        return datetime.fromisoformat(moment).astimezone(organisation_zone()).isoformat(sep=" ", timespec="seconds")
    except ValueError:
        return moment


@dataclass
class LedgerPapers:
    """What the 台帐 shows, whatever it is printed on: cover, rosters, a table per category, the dues."""

    title: str
    subtitle: str
    rosters: list[tuple[str, list[list[Any]]]]
    roster_header: list[str]
    entry_header: list[str]
    categories: list[tuple[str, list[list[Any]]]]
    dues_title: str
    dues_header: list[str]
    dues: list[list[Any]]


def ledger_papers(store: Store, request: Request) -> LedgerPapers:
    from projections import queries
    from projections.dues import member_months, months_of
    from projections.runner import reading
    from projections.views import catch_up

    lang, year, branch = request.lang, request.year, request.branch
    if branch is None:
        raise ReportError(text(lang, "the work ledger is a branch's: name the branch with -b"))
    catch_up(store)
    with reading(store) as connection:
        if branch not in queries.branches(connection):
            raise ReportError(text(lang, "branch {branch} is not registered", branch=branch))
        first_day = date(year, 1, 1)
        last_day = min(date(year, 12, 31), max(request.on, first_day))
        at_start = queries.roster(connection, branch, first_day)
        at_end = queries.roster(connection, branch, last_day)
        rows = queries.work_ledger(connection, store, branch, year, lang=lang)
        held = {m.entry_id: m for m in queries.meetings_of(connection, branch, year)}
        spells = queries.branch_spells(connection, branch)
        bases, paid, _remitted = queries.dues_rows(connection, branch)
    rosters = []
    for day, roster in ((first_day, at_start), (last_day, at_end)):
        rosters.append((text(lang, "Roster on {day}: {count} members", day=day.isoformat(), count=len(roster)),
                        [[member.member, member.name, name(lang, "member_status", member.status), member.since,
                          name(lang, "role", member.role) if member.role else ""] for member in roster]))
    categories = []
    for category_id in CATEGORY_IDS:
        body = []
        for row in rows:
            if row.category != category_id:
                continue
            meeting = held.get(row.entry_id)
            expected = present = rate = None
            if meeting is not None:
                expected, present = len(meeting.expected), len(meeting.present)
                rate = round(present / expected, 4) if expected else None
            statuses = "、".join(name(lang, "status", flag) for flag in row.flags) or name(lang, "status", row.status)
            body.append([row.date, row.description, statuses, expected, present, rate, local_time(row.recorded_at),
                         row.recorded_by, short_id(row.entry_id)])
        categories.append((f"{category_id} {name(lang, 'category', category_id)}"[:31], body))
    months = months_of(year, request.on if request.on.year == year else None)
    # Decimal amounts: openpyxl writes them as numbers, exactly as the views hold them
    dues: list[list[Any]] = [[r.member, r.month, r.due, r.paid, r.short]
                             for r in member_months(spells, bases, paid, months)]
    return LedgerPapers(
        title=text(lang, "{branch} work ledger {year}", branch=branch, year=year),
        subtitle=text(lang, "{count} entries; printed for {on}", count=len(rows), on=request.on.isoformat()),
        rosters=rosters,
        roster_header=[text(lang, "Member"), text(lang, "Name"), text(lang, "Status"), text(lang, "Since"),
                       text(lang, "Committee role")],
        entry_header=[text(lang, "Date"), text(lang, "Entry"), text(lang, "Status"), text(lang, "Expected"),
                      text(lang, "Present"), text(lang, "Attendance rate"), text(lang, "Recorded at"),
                      text(lang, "Recorded by"), text(lang, "Id")],
        categories=categories,
        dues_title=text(lang, "Dues"),
        dues_header=[text(lang, "Member"), text(lang, "Month"), text(lang, "Due"), text(lang, "Paid"),
                     text(lang, "Short")],
        dues=dues,
    )


def ledger_book(store: Store, request: Request) -> Rendered:
    papers = ledger_papers(store, request)
    lang = request.lang
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    cover = workbook.create_sheet(text(lang, "Cover"))
    cover.append([papers.title])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([papers.subtitle])
    for heading, roster in papers.rosters:
        cover.append([])
        cover.append([heading])
        cover[cover.max_row][0].font = Font(bold=True)
        cover.append(papers.roster_header)
        for member in roster:
            cover.append(member)
    for index, width in enumerate((12, 16, 12, 12, 16), 1):
        cover.column_dimensions[get_column_letter(index)].width = width
    for title, body in papers.categories:
        sheet = workbook.create_sheet(title)
        _table(sheet, papers.entry_header, body, [11, 48, 12, 8, 8, 10, 26, 14, 12])
        for line in range(2, sheet.max_row + 1):
            sheet.cell(line, 2).alignment = Alignment(wrap_text=True, vertical="top")
            sheet.cell(line, 6).number_format = "0.0%"
    dues_sheet = workbook.create_sheet(papers.dues_title)
    _table(dues_sheet, papers.dues_header, papers.dues, [12, 10, 10, 10, 10])
    buffer = BytesIO()
    workbook.save(buffer)
    return Rendered(buffer.getvalue(), len(workbook.sheetnames))
