"""The branch's 台帐 as HTML or PDF: the workbook's cover, category tables and dues, on A4 landscape pages.

The same content as :func:`reports.ledger_book.ledger_book` (one
:class:`~reports.ledger_book.LedgerPapers`), printed from a Jinja2 template; each
category starts on a new page, its table header repeated on every page.
"""

from __future__ import annotations

from ledger.store import Store
from reports import Rendered, Request
from reports.announcement import _check_cjk_font, _templates
from reports.ledger_book import ledger_papers


def ledger_printed(store: Store, request: Request, suffix: str) -> Rendered:
    papers = ledger_papers(store, request)
    page = _templates().get_template("ledger.html").render(lang=request.lang, papers=papers)
    if suffix == ".html":
        return Rendered(page.encode("utf-8"), 1)
    _check_cjk_font(request.lang)
    from weasyprint import HTML

    document = HTML(string=page).render()
    return Rendered(document.write_pdf(), len(document.pages))
