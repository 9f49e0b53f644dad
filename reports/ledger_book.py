"""The branch's 工作台帐 workbook: a cover with the roster, one sheet per category, and the dues.

One sheet per category of the method (L, O, I, S, M) rather than per month: the assessor
checks the 台帐 item by item, and each item belongs to one category, so a category's
sheet holds everything that item is judged on, in date order; a month is a filter away.
"""

from __future__ import annotations

from datetime import date
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


def ledger_book(store: Store, request: Request) -> Rendered:
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
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    cover = workbook.create_sheet(text(lang, "Cover"))
    cover.append([text(lang, "{branch} work ledger {year}", branch=branch, year=year)])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([text(lang, "{count} entries; printed for {on}", count=len(rows), on=request.on.isoformat())])
    for day, roster in ((first_day, at_start), (last_day, at_end)):
        cover.append([])
        cover.append([text(lang, "Roster on {day}: {count} members", day=day.isoformat(), count=len(roster))])
        cover[cover.max_row][0].font = Font(bold=True)
        cover.append([text(lang, "Member"), text(lang, "Name"), text(lang, "Status"), text(lang, "Since"),
                      text(lang, "Committee role")])
        for member in roster:
            cover.append([member.member, member.name, name(lang, "member_status", member.status), member.since,
                          name(lang, "role", member.role) if member.role else ""])
    for index, width in enumerate((12, 16, 12, 12, 16), 1):
        cover.column_dimensions[get_column_letter(index)].width = width
    header = [text(lang, "Date"), text(lang, "Entry"), text(lang, "Status"), text(lang, "Expected"),
              text(lang, "Present"), text(lang, "Attendance rate"), text(lang, "Recorded at"),
              text(lang, "Recorded by"), text(lang, "Id")]
    for category_id in CATEGORY_IDS:
        sheet = workbook.create_sheet(f"{category_id} {name(lang, 'category', category_id)}"[:31])
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
            body.append([row.date, row.description, statuses, expected, present, rate, row.recorded_at,
                         row.recorded_by, short_id(row.entry_id)])
        _table(sheet, header, body, [11, 48, 12, 8, 8, 10, 26, 14, 12])
        for line in range(2, sheet.max_row + 1):
            sheet.cell(line, 2).alignment = Alignment(wrap_text=True, vertical="top")
            sheet.cell(line, 6).number_format = "0.0%"
    dues_sheet = workbook.create_sheet(text(lang, "Dues"))
    months = months_of(year, request.on if request.on.year == year else None)
    # Decimal amounts: openpyxl writes them as numbers, exactly as the views hold them
    dues_body: list[list[Any]] = [[r.member, r.month, r.due, r.paid, r.short]
                 for r in member_months(spells, bases, paid, months)]
    _table(dues_sheet, [text(lang, "Member"), text(lang, "Month"), text(lang, "Due"), text(lang, "Paid"),
                        text(lang, "Short")], dues_body, [12, 10, 10, 10, 10])
    buffer = BytesIO()
    workbook.save(buffer)
    return Rendered(buffer.getvalue(), len(workbook.sheetnames))

