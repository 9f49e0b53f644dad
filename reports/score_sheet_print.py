"""The score sheets as HTML or PDF: the same table as the workbook, one A4 landscape page (or more) per branch.

Printed from the same scorecards and with the same evidence text as the workbook
(:mod:`reports.score_sheet`); a category's name, base and score span its items as
on paper. There are no formulas on paper: the category scores and the total are
the scorecard's own numbers. The PDF is rendered by WeasyPrint and needs a Chinese
font (see :mod:`reports.announcement`).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from ledger.i18n import text
from ledger.store import Store
from reports import Rendered, Request
from reports.announcement import _check_cjk_font, _templates
from reports.data import Context, cards, context, entry_dates, evidence_ids, grade_name, points
from reports.score_sheet import evidence, headers


def sheet(card: dict[str, Any], ctx: Context, request: Request, dates: dict[str, str]) -> dict[str, Any]:
    """What one branch's page shows."""
    lang = request.lang
    rules = {item.id: item for _, item in ctx.book.items()}
    categories = []
    for category in card["categories"]:
        items = []
        for item in category["items"]:
            rule = rules.get(item["id"])
            standard = ""
            if rule is not None and rule.standard is not None:
                standard = rule.standard.zh if lang == "zh" else rule.standard.en
            items.append({"id": item["id"], "title": item["title"], "standard": standard,
                          "deducted": points(item["deducted"]), "evidence": evidence(item, lang, dates)})
        categories.append({"name": category["name"], "base": points(category["base"]),
                           "score": points(category["score"]), "items": items})
    return {
        "title": text(lang, "{branch} {year} party-building target-management score sheet",
                      branch=card["branch"], year=card["year"]),
        "subtitle": text(lang, "Rulebook {version}; computed for {on}", version=card["rulebook"]["version"],
                         on=request.on.isoformat()),
        "categories": categories,
        "total": points(card["total"]),
        "footer": [
            (text(lang, "Grade"), grade_name(lang, card["grade"])),
            (text(lang, "Advanced selection"),
             text(lang, "eligible") if card["advanced_eligible"] else text(lang, "not eligible")),
            (text(lang, "Rulebook"), f"{card['rulebook']['version']} {card['rulebook']['digest']}"),
            (text(lang, "Chain head"), f"{ctx.chain_position}:{ctx.chain_hash}"),
        ],
    }


def html(store: Store, request: Request) -> tuple[str, int]:
    ctx = context(store, request.year, request.branch, request.lang)
    sheets: list[dict[str, Any]] = []
    stream = cards(store, request.year, ctx, request.on, request.lang)
    while chunk := list(islice(stream, 100)):
        dates = entry_dates(store, evidence_ids(chunk))
        sheets.extend(sheet(card, ctx, request, dates) for card in chunk)
    page = _templates().get_template("score_sheet.html").render(
        lang=request.lang, sheets=sheets, headers=headers(request.lang), total_word=text(request.lang, "Total"),
        title=text(request.lang, "{year} score sheets", year=request.year))
    return page, len(sheets)


def score_sheets_printed(store: Store, request: Request, suffix: str) -> Rendered:
    """The score sheets as ``.html`` (one file) or ``.pdf`` (a page or more per branch)."""
    page, count = html(store, request)
    if suffix == ".html":
        return Rendered(page.encode("utf-8"), count)
    _check_cjk_font(request.lang)
    from weasyprint import HTML

    document = HTML(string=page).render()
    return Rendered(document.write_pdf(), len(document.pages))
