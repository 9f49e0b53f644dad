"""The papers read back: every number equals `score --format json`, every formula recomputes to it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from commands.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def run(*args: str, db: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('papers') / 'papers.db'}"
    for example in ("model-branch-2025", "troubled-branch-2025"):
        assert run("import", str(EXAMPLES / f"{example}.jsonl"), db=db)[0] == 0
    return db


def scorecards(db: str, *options: str) -> dict[str, dict[str, Any]]:
    code, out, err = run("score", "-y", "2025", "--format", "json", *options, db=db)
    assert code == 0, err
    return {card["branch"]: card for card in json.loads(out)}


def evaluate(sheet: Worksheet, reference: str, seen: tuple[str, ...] = ()) -> Decimal:
    """The value of a cell, computing the formulas these papers use (SUM, MAX, COUNTIF, +, -)."""
    value = sheet[reference].value
    if isinstance(value, str) and value.startswith("="):
        assert reference not in seen, f"circular formula at {reference}"
        return formula(sheet, value[1:], (*seen, reference))
    return Decimal(str(value or 0))


def cells(sheet: Worksheet, first: str, last: str) -> list[str]:
    return [cell.coordinate for row in sheet[first:last] for cell in row]


def formula(sheet: Worksheet, expression: str, seen: tuple[str, ...]) -> Decimal:
    expression = expression.replace("$", "")
    if match := re.fullmatch(r"MAX\(0,([A-Z]+[0-9]+)-SUM\(([A-Z]+[0-9]+):([A-Z]+[0-9]+)\)\)", expression):
        base = evaluate(sheet, match[1], seen)
        return max(Decimal(0), base - sum((evaluate(sheet, c, seen) for c in cells(sheet, match[2], match[3])),
                                          Decimal(0)))
    if match := re.fullmatch(r"COUNTIF\(([A-Z]+[0-9]+):([A-Z]+[0-9]+),([A-Z]+[0-9]+)\)", expression):
        wanted = sheet[match[3]].value
        return Decimal(sum(1 for c in cells(sheet, match[1], match[2]) if sheet[c].value == wanted))
    if re.fullmatch(r"[A-Z]+[0-9]+(\+[A-Z]+[0-9]+)*", expression):
        return sum((evaluate(sheet, term, seen) for term in expression.split("+")), Decimal(0))
    raise AssertionError(f"a formula this test cannot check: ={expression}")


def test_the_score_sheet_carries_the_scorecard_to_the_last_half_point(store: str, tmp_path: Path) -> None:
    cards = scorecards(store)
    path = tmp_path / "score.xlsx"
    code, _, err = run("report", "score-sheet", "-y", "2025", "-o", str(path), db=store)
    assert code == 0, err
    book = load_workbook(path)
    assert sorted(book.sheetnames) == ["B05 2025", "B07 2025"]
    for branch, card in cards.items():
        sheet = book[f"{branch} 2025"]
        assert [c.value for c in sheet[3]] == ["类别", "序号", "目标要求", "基本分值", "评分标准", "扣分", "得分",
                                              "扣分依据"]
        rows = {sheet.cell(r, 2).value: r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 2).value}
        for category in card["categories"]:
            first = rows[category["items"][0]["id"]]
            assert Decimal(str(sheet.cell(first, 4).value)) == Decimal(str(category["base"]))
            assert evaluate(sheet, f"G{first}") == Decimal(str(category["score"])), category["id"]
            for item in category["items"]:
                assert Decimal(str(sheet.cell(rows[item["id"]], 6).value)) == Decimal(str(item["deducted"]))
                if item["deducted"]:
                    assert sheet.cell(rows[item["id"]], 8).value, f"{item['id']} deducts without evidence"
            assert any(first in range(m.min_row, m.max_row + 1) and m.min_col == 1
                       for m in sheet.merged_cells.ranges) or len(category["items"]) == 1
        total_row = next(r for r in range(4, sheet.max_row + 1)
                         if str(sheet.cell(r, 7).value or "").startswith("=") and "+" in str(sheet.cell(r, 7).value))
        assert evaluate(sheet, f"G{total_row}") == Decimal(str(card["total"]))
        footer = {sheet.cell(r, 1).value: sheet.cell(r, 3).value for r in range(total_row + 1, sheet.max_row + 1)}
        assert footer["等级"] == {"meets": "达标", "basically_meets": "基本达标", "fails": "不达标"}[card["grade"]]
        assert card["rulebook"]["digest"] in footer["考核细则"]
        assert re.fullmatch(r"[0-9]+:[0-9a-f]{64}", footer["哈希链头"])
        assert sheet.page_setup.orientation == "landscape" and sheet.freeze_panes == "A4"
        assert sheet.print_area


def test_each_deduction_on_the_score_sheet_names_its_evidence_by_date_and_id(store: str, tmp_path: Path) -> None:
    path = tmp_path / "score.xlsx"
    assert run("report", "score-sheet", "-y", "2025", "-b", "B07", "-o", str(path), db=store)[0] == 0
    sheet = load_workbook(path)["B07 2025"]
    code, out, _ = run("ledger", "-b", "B07", "-y", "2025", "--format", "json", db=store)
    dates = {entry["entry_id"]: entry["date"] for entry in json.loads(out)}
    card = scorecards(store, "--trace")["B07"]
    rows = {sheet.cell(r, 2).value: r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 2).value}
    cited = 0
    for category in card["categories"]:
        for item in category["items"]:
            shown = sheet.cell(rows[item["id"]], 8).value or ""
            for deduction in item["deductions"]:
                assert deduction["reason"] in shown
                for entry in deduction["evidence"]:
                    if entry in dates:
                        assert f"{dates[entry]} {entry}" in shown, (item["id"], entry)
                        cited += 1
            for check in item.get("checks", []):
                if check["fired"] and check["parameters"]:
                    assert check["check"] in shown and "=" in shown, f"{item['id']}: no parameters shown"
    assert cited >= 5


def test_the_summary_lists_every_branch_with_counts_that_recompute(store: str, tmp_path: Path) -> None:
    cards = scorecards(store)
    path = tmp_path / "summary.xlsx"
    assert run("report", "summary", "-y", "2025", "-o", str(path), db=store)[0] == 0
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[2]]
    assert header[0] == "支部" and header[-3:] == ["总分", "等级", "先进评选资格"]
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=2 + len(cards))]
    assert [row[0] for row in body] == sorted(cards, key=lambda b: (-cards[b]["total"], b))
    for row in body:
        card = cards[row[0]]
        assert [Decimal(str(v)) for v in row[1:6]] == [Decimal(str(c["score"])) for c in card["categories"]]
        assert Decimal(str(row[6])) == Decimal(str(card["total"]))
    assert sheet.auto_filter.ref.startswith("A2:")
    assert sheet.conditional_formatting, "fails are not highlighted"
    counts = {sheet.cell(r, 1).value: evaluate(sheet, f"B{r}") for r in range(3, sheet.max_row + 1)
              if str(sheet.cell(r, 2).value or "").startswith("=COUNTIF")}
    grades = [card["grade"] for card in cards.values()]
    assert counts == {"达标": grades.count("meets"), "基本达标": grades.count("basically_meets"),
                      "不达标": grades.count("fails")}


def test_the_summary_as_csv_opens_in_excel_as_chinese(store: str, tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    assert run("report", "summary", "-y", "2025", "-o", str(path), "--lang", "en", db=store)[0] == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Branch" and len(rows) == 3


def test_the_ledger_workbook_holds_every_entry_once_by_category(store: str, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    assert run("report", "ledger", "-y", "2025", "-b", "B07", "-o", str(path), db=store)[0] == 0
    book = load_workbook(path)
    code, out, _ = run("ledger", "-b", "B07", "-y", "2025", "--format", "json", db=store)
    entries = json.loads(out)
    per_category = {c: sum(1 for e in entries if e["category"] == c) for c in "LOISM"}
    for name in book.sheetnames[1:6]:
        sheet = book[name]
        assert sheet.max_row - 1 == per_category[name[0]], name
    cover = book.worksheets[0]
    assert cover["A1"].value == "B07 2025年度工作台帐"
    assert any(str(c.value).startswith("2025-01-01 党员名册") for c in cover["A"])
    code, out, _ = run("dues", "-b", "B07", "-y", "2025", "--format", "json", db=store)
    dues = book.worksheets[-1]
    assert dues.max_row - 1 == len(json.loads(out))
    paid = sum(Decimal(str(dues.cell(r, 4).value)) for r in range(2, dues.max_row + 1))
    assert paid == sum(Decimal(str(r["paid"])) for r in json.loads(out))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm, pdftotext) is not installed")
def test_the_announcement_prints_in_chinese_with_the_digests(store: str, tmp_path: Path) -> None:
    path = tmp_path / "tongbao.pdf"
    code, _, err = run("report", "announcement", "-y", "2025", "-o", str(path), db=store)
    assert code == 1 and "publish" in err
    assert run("publish", "-y", "2025", db=store)[0] == 0
    code, out, err = run("report", "announcement", "-y", "2025", "-o", str(path), db=store)
    assert code == 0, err
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == int(out.rsplit(":", 1)[1]) >= 1
    extracted = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "关于2025年度机关党建目标管理考核结果的通报" in extracted.replace("\n", "")
    cards = scorecards(store)
    for branch in cards:
        assert branch in extracted
    assert "sha256:" in extracted
    html_path = tmp_path / "tongbao.html"
    assert run("report", "announcement", "-y", "2025", "-o", str(html_path), "--lang", "en", db=store)[0] == 0
    assert "Announcement of the 2025" in html_path.read_text()


@pytest.mark.parametrize(("args", "reason"), [
    (["report", "summary", "-y", "2025", "-o", "x.pdf"], "只能输出为 .xlsx, .csv"),
    (["report", "ledger", "-y", "2025", "-o", "x.xlsx"], "-b"),
    (["report", "score-sheet", "-y", "2025", "-b", "B99", "-o", "x.xlsx"], "B99"),
])
def test_a_paper_that_cannot_be_made_says_why(store: str, tmp_path: Path, args: list[str], reason: str) -> None:
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    code, _, err = run(*args, db=store)
    assert code == 1 and reason in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_a_download_for_the_web_has_its_media_type_and_a_name(store: str) -> None:
    import reports
    from ledger.store import open_store

    opened = open_store(store)
    try:
        paper = reports.download(opened, "summary", 2025, None, "en", ".csv")
        assert paper.content_type == "text/csv; charset=utf-8" and paper.filename == "summary-2025.csv"
        assert paper.data.decode("utf-8-sig").startswith("Branch,")
        sheet = reports.download(opened, "score-sheet", 2025, "B07", "zh", ".xlsx")
        assert sheet.filename == "score-sheet-2025-B07.xlsx"
        assert load_workbook(io.BytesIO(sheet.data)).sheetnames == ["B07 2025"]
        with pytest.raises(reports.ReportError, match="score-sheet"):
            reports.download(opened, "scoresheet", 2025, None, "en", ".xlsx")
        with pytest.raises(reports.ReportError, match=r"\.xlsx"):
            reports.download(opened, "score-sheet", 2025, None, "en", ".csv")
    finally:
        opened.close()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm, pdftotext) is not installed")
def test_the_score_sheets_print_as_pdf_a_page_a_branch_with_the_scorecards_numbers(store: str,
                                                                                   tmp_path: Path) -> None:
    cards = scorecards(store)
    path = tmp_path / "评分表.pdf"
    code, out, err = run("report", "score-sheet", "-y", "2025", "-o", str(path), db=store)
    assert code == 0, err
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == int(out.rsplit(":", 1)[1]) >= len(cards)
    printed = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout.split("\f")
    for branch in cards:
        # each branch on a page of its own, titled in Chinese (a missing font extracts as nothing)
        assert any(f"{branch} 2025年度机关党建目标管理考核评分表" in page for page in printed), branch
    extracted = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for card in cards.values():
        assert card["rulebook"]["digest"][:30] in extracted.replace("\n", "")
    html_path = tmp_path / "sheets.html"
    assert run("report", "score-sheet", "-y", "2025", "-b", "B07", "-o", str(html_path), "--lang", "en",
               db=store)[0] == 0
    page = html_path.read_text()
    card = cards["B07"]
    assert f'<td class="n">{card["total"]}</td>' in page
    for category in card["categories"]:
        assert f'rowspan="{len(category["items"])}">{category["score"]}</td>' in page


def test_the_score_sheet_is_the_same_from_either_store(store_url: str, tmp_path: Path) -> None:
    """The papers read the views through SQL: PostgreSQL and SQLite give the same numbers and evidence dates."""
    for example in ("model-branch-2025", "troubled-branch-2025"):
        assert run("import", str(EXAMPLES / f"{example}.jsonl"), db=store_url)[0] == 0
    cards = scorecards(store_url)
    path = tmp_path / "score.xlsx"
    assert run("report", "score-sheet", "-y", "2025", "-o", str(path), db=store_url)[0] == 0
    book = load_workbook(path)
    code, out, _ = run("ledger", "-b", "B07", "-y", "2025", "--format", "json", db=store_url)
    dates = {entry["entry_id"]: entry["date"] for entry in json.loads(out)}
    for branch, card in cards.items():
        sheet = book[f"{branch} 2025"]
        total_row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == "总分")
        assert evaluate(sheet, f"G{total_row}") == Decimal(str(card["total"]))
    evidence_text = "\n".join(str(c.value or "") for c in book["B07 2025"]["H"])
    cited = [entry for c in cards["B07"]["categories"] for i in c["items"] for d in i["deductions"]
             for entry in d["evidence"] if entry in dates]
    assert cited and all(f"{dates[entry]} {entry}" in evidence_text for entry in cited)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm, pdftotext) is not installed")
def test_the_ledger_prints_as_pdf_with_every_entry_and_the_rosters(store: str, tmp_path: Path) -> None:
    path = tmp_path / "台帐.pdf"
    code, out, err = run("report", "ledger", "-y", "2025", "-b", "B07", "-o", str(path), db=store)
    assert code == 0, err
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True)
    assert len(sorted(tmp_path.glob("page*.png"))) == int(out.rsplit(":", 1)[1]) >= 7  # cover, 5 categories, dues
    extracted = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "B07 2025年度工作台帐" in extracted and "2025-01-01 党员名册" in extracted
    code, out, _ = run("ledger", "-b", "B07", "-y", "2025", "--format", "json", db=store)
    for entry in json.loads(out):
        assert entry["entry_id"] in extracted, entry["entry_id"]
    html_path = tmp_path / "ledger.html"
    assert run("report", "ledger", "-y", "2025", "-b", "B07", "-o", str(html_path), "--lang", "en", db=store)[0] == 0
    assert "B07 work ledger 2025" in html_path.read_text()
