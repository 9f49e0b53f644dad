"""The organisation's summary: every branch on one sheet, five categories, total, grade, eligibility."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ledger.i18n import text
from ledger.store import Store
from reports import Rendered, Request
from reports.data import cards, context, grade_name, points

FAIL_FILL = PatternFill(start_color="F8CBAD", end_color="F8CBAD", fill_type="solid")
GRADES = ("meets", "basically_meets", "fails")


def rows(store: Store, request: Request) -> tuple[list[str], list[list[Any]], dict[str, int], Any]:
    """The header, one row per branch sorted by total (highest first), and the count of each grade."""
    lang = request.lang
    ctx = context(store, request.year, request.branch, lang)
    categories = [(c.id, c.name.zh if lang == "zh" else c.name.en) for c in ctx.book.categories]
    header = [text(lang, "Branch"), *(f"{cid} {cname}" for cid, cname in categories), text(lang, "Total"),
              text(lang, "Grade"), text(lang, "Advanced selection")]
    found: list[tuple[Any, str, list[Any]]] = []
    counts = dict.fromkeys(GRADES, 0)
    for card in cards(store, request.year, ctx, request.on, lang):
        scores = {c["id"]: points(c["score"]) for c in card["categories"]}
        counts[card["grade"]] = counts.get(card["grade"], 0) + 1
        found.append((card["total"], card["branch"], [
            card["branch"], *(scores.get(cid, 0) for cid, _ in categories), points(card["total"]),
            grade_name(lang, card["grade"]),
            text(lang, "eligible") if card["advanced_eligible"] else "",
        ]))
    found.sort(key=lambda row: (-float(row[0]), row[1]))
    return header, [row for _, _, row in found], counts, ctx


def summary(store: Store, request: Request, suffix: str) -> Rendered:
    header, body, counts, ctx = rows(store, request)
    lang = request.lang
    if suffix == ".csv":
        out = StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(body)
        # UTF-8 with a BOM: Excel on Chinese Windows shows anything else as mojibake
        return Rendered(("\ufeff" + out.getvalue()).encode("utf-8"), len(body))
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet(text(lang, "Summary"))
    sheet.append([text(lang, "{year} assessment of every branch", year=request.year)])
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in body:
        sheet.append(row)
    last_row = 2 + len(body)
    last_column = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A2:{last_column}{last_row}"
    sheet.freeze_panes = "B3"
    grade_column = get_column_letter(len(header) - 1)
    fails = grade_name(lang, "fails")
    sheet.conditional_formatting.add(
        f"A3:{last_column}{last_row}",
        FormulaRule(formula=[f'${grade_column}3="{fails}"'], fill=FAIL_FILL),  # type: ignore[no-untyped-call]
    )
    sheet.column_dimensions["A"].width = 12
    for index in range(2, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    counts_row = last_row + 2
    sheet.cell(counts_row, 1, text(lang, "Branches per grade")).font = Font(bold=True)
    for offset, grade in enumerate(GRADES, 1):
        sheet.cell(counts_row + offset, 1, grade_name(lang, grade))
        graded = f"${grade_column}$3:${grade_column}${last_row}"
        sheet.cell(counts_row + offset, 2, f"=COUNTIF({graded},A{counts_row + offset})")
    footer = counts_row + len(GRADES) + 2
    sheet.cell(footer, 1, text(lang, "Rulebook"))
    sheet.cell(footer, 2, f"{ctx.book.version} {ctx.book.digest}")
    sheet.cell(footer + 1, 1, text(lang, "Chain head"))
    sheet.cell(footer + 1, 2, f"{ctx.chain_position}:{ctx.chain_hash}")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "2:2"
    del counts
    buffer = BytesIO()
    workbook.save(buffer)
    return Rendered(buffer.getvalue(), 1)
