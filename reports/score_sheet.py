"""考核评分表: one worksheet per branch-year, laid out as the method's implementation table.

Columns as on paper — 类别 · 序号 · 目标要求 · 基本分值 · 评分标准 · 扣分 · 得分 — plus the
evidence of each deduction. A category's rows are merged as on paper; its score is a
formula (base minus the item deductions, never below zero) and the total is their sum,
so a reviewer can check the arithmetic in Excel; the values written equal the scorecard.
"""

from __future__ import annotations

from io import BytesIO
from itertools import islice
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ledger.i18n import text
from ledger.store import Store
from reports import Rendered, Request
from reports.data import Context, cards, context, entry_dates, evidence_ids, grade_name, points, short_id

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = (14, 7, 46, 9, 30, 8, 8, 46)
BOXED_CENTRE, BOXED_WRAP, BOXED_BOLD = "taizhang-boxed-centre", "taizhang-boxed-wrap", "taizhang-boxed-bold"
TITLE, LABEL = "taizhang-title", "taizhang-label"
HEADER_ROW = 3


def headers(lang: str) -> list[str]:
    return [text(lang, "Category"), text(lang, "No."), text(lang, "Target requirement"),
            text(lang, "Base points"), text(lang, "Scoring standard"), text(lang, "Deducted"),
            text(lang, "Score"), text(lang, "Evidence of the deductions")]


def evidence(item: dict[str, Any], lang: str, dates: dict[str, str]) -> str:
    """Each deduction with its period and reason, its evidence as date and short id, and the parameters applied."""
    lines = []
    for deduction in item.get("deductions", []):
        ids = ", ".join(f"{dates[e]} {short_id(e)}" if e in dates else short_id(e)
                        for e in deduction.get("evidence", []))
        period = deduction.get("period")
        line = f"−{points(deduction['amount'])} {deduction['reason']}"
        if period and period not in deduction["reason"]:
            line = f"−{points(deduction['amount'])} ({period}) {deduction['reason']}"
        lines.append(f"{line} [{ids}]" if ids else line)
    for check in item.get("checks", []):
        if check.get("fired") and check.get("parameters"):
            shown = ", ".join(f"{k}={v}" for k, v in check["parameters"].items())
            lines.append(text(lang, "rule: {check} ({parameters})", check=check["check"], parameters=shown))
    return "\n".join(lines)


def sheet_title(branch: str, year: int, used: set[str]) -> str:
    """A worksheet name Excel accepts (≤ 31 characters, none of []:*?/\\), unique in the book."""
    base = "".join(c for c in f"{branch} {year}" if c not in "[]:*?/\\")[:31]
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:27]}~{n}"
    used.add(title)
    return title


def styles(workbook: Workbook) -> None:
    """The sheets' cell styles, registered once per workbook as named styles.

    A cell given a named style costs a lookup; a cell given Font/Border/Alignment
    objects costs openpyxl a hash of each (most of the time of a city's workbook).
    """
    for style_name, font, alignment in ((BOXED_CENTRE, Font(), CENTRE), (BOXED_WRAP, Font(), WRAP),
                                        (BOXED_BOLD, Font(bold=True), CENTRE)):
        workbook.add_named_style(NamedStyle(style_name, font=font, border=BOX, alignment=alignment))
    workbook.add_named_style(NamedStyle(TITLE, font=Font(bold=True, size=14), alignment=CENTRE))
    workbook.add_named_style(NamedStyle(LABEL, font=Font(bold=True)))


def merge(sheet: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    """Merges a range whose covered cells are empty and already bordered.

    openpyxl's ``merge_cells`` also reads and rewrites the borders of every edge cell
    (about 1 ms a merge: 20 s for the 22,000 merges of 1,250 score sheets); these
    cells carry their borders already, so the range is only recorded (the writer
    needs no more than its coordinates).
    """
    sheet.merged_cells.add(CellRange(min_col=first_column, min_row=first_row, max_col=last_column,
                                     max_row=last_row))


def write_sheet(sheet: Worksheet, card: dict[str, Any], ctx: Context, request: Request,
                dates: dict[str, str]) -> None:
    lang = request.lang
    book_items = {item.id: item for _, item in ctx.book.items()}
    sheet.append([text(lang, "{branch} {year} party-building target-management score sheet",
                       branch=card["branch"], year=card["year"])])
    sheet.append([text(lang, "Rulebook {version}; computed for {on}", version=card["rulebook"]["version"],
                       on=request.on.isoformat())])
    sheet.append(headers(lang))
    width = len(WIDTHS)
    merge(sheet, 1, 1, 1, width)
    merge(sheet, 2, 1, 2, width)
    sheet.cell(1, 1).style = TITLE
    for column in range(1, width + 1):
        sheet.cell(HEADER_ROW, column).style = BOXED_BOLD
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[column - 1]
    score_cells = []
    row = HEADER_ROW + 1
    for category in card["categories"]:
        first = row
        for item in category["items"]:
            rule = book_items.get(item["id"])
            standard = ""
            if rule is not None and rule.standard is not None:
                standard = rule.standard.zh if lang == "zh" else rule.standard.en
            # the category's name and base only on its first row: the rows below are covered by the merge
            leading = row == first
            sheet.append([category["name"] if leading else None, item["id"], item["title"],
                          points(category["base"]) if leading else None, standard,
                          points(item["deducted"]), None, evidence(item, lang, dates)])
            row += 1
        last = row - 1
        sheet.cell(first, 7, f"=MAX(0,D{first}-SUM(F{first}:F{last}))")
        score_cells.append(f"G{first}")
        for column in (1, 4, 7):
            if last > first:
                merge(sheet, first, column, last, column)
    for line in range(HEADER_ROW + 1, row):
        for column in range(1, width + 1):
            sheet.cell(line, column).style = BOXED_CENTRE if column in (1, 2, 4, 6, 7) else BOXED_WRAP
    total_row = row
    sheet.cell(total_row, 1, text(lang, "Total"))
    sheet.cell(total_row, 7, "=" + "+".join(score_cells))
    for column in range(1, width + 1):
        sheet.cell(total_row, column).style = BOXED_BOLD
    merge(sheet, total_row, 1, total_row, 6)
    footer = [
        (text(lang, "Total"), points(card["total"])),
        (text(lang, "Grade"), grade_name(lang, card["grade"])),
        (text(lang, "Advanced selection"),
         text(lang, "eligible") if card["advanced_eligible"] else text(lang, "not eligible")),
        (text(lang, "Rulebook"), f"{card['rulebook']['version']} {card['rulebook']['digest']}"),
        (text(lang, "Chain head"), f"{ctx.chain_position}:{ctx.chain_hash}"),
    ]
    for offset, (label, value) in enumerate(footer, 2):
        sheet.cell(total_row + offset, 1, label).style = LABEL
        sheet.cell(total_row + offset, 3, value)
    end = total_row + len(footer) + 1
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_area = f"A1:{get_column_letter(width)}{end}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def score_sheets(store: Store, request: Request) -> Rendered:
    """The score sheets of one branch (``-b``) or of every branch, one worksheet each."""
    ctx = context(store, request.year, request.branch, request.lang)
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    styles(workbook)
    used: set[str] = set()
    count = 0
    stream = cards(store, request.year, ctx, request.on, request.lang)
    while chunk := list(islice(stream, 100)):  # the evidence's dates looked up 100 cards at a time
        dates = entry_dates(store, evidence_ids(chunk))
        for card in chunk:
            write_sheet(workbook.create_sheet(sheet_title(card["branch"], request.year, used)), card, ctx, request,
                        dates)
            count += 1
    buffer = BytesIO()
    workbook.save(buffer)
    return Rendered(buffer.getvalue(), count)
