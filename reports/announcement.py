"""通报: the announcement of a published year's assessment, as HTML or PDF.

Made from the ``AssessmentPublished`` entry itself (what was announced is what was
recorded), with the digests that let anyone check it later: each branch's card
digest (``taizhang audit``) and the publication's chain head (``taizhang verify``).
The PDF is rendered by WeasyPrint with a CJK font from the system (Debian's
``fonts-noto-cjk``); without one the report refuses, naming the package.
"""

from __future__ import annotations

import subprocess
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ledger.i18n import N_, name, text
from ledger.store import Store
from reports import Rendered, ReportError, Request

CJK_FONT_PACKAGE = "fonts-noto-cjk"
WORDS = {
    "branch": N_("Branch"), "total": N_("Total"), "grade": N_("Grade"), "digest": N_("Card digest"),
    "advanced": N_("Eligible for the advanced-organisation selection"), "none": N_("none"),
    "check": N_("How to check this announcement"), "counts": N_("Branches per grade"),
}


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("reports", "templates"), autoescape=select_autoescape())


def publication(store: Store, year: int, lang: str) -> tuple[Any, Any]:
    """The year's latest publication in effect and the rulebook adoption it names, if any."""
    from projections.assessment import organisation_events

    events = organisation_events(store)
    published = [e for e in events if type(e).__name__ == "AssessmentPublished" and e.data["year"] == year]
    if not published:
        raise ReportError(text(lang, "no assessment of {year} is published; publish it first "
                                     "(taizhang publish -y {year})", year=year))
    return published[-1], published[:-1]


def html(store: Store, request: Request) -> str:
    lang = request.lang
    latest, earlier = publication(store, request.year, lang)
    scores = sorted(latest.data["scores"], key=lambda s: (-float(s["total"]), s["branch"]))
    counts = {grade: sum(1 for s in scores if s["grade"] == grade)
              for grade in ("meets", "basically_meets", "fails")}
    head = latest.data.get("chain_head")
    position = store.positions([latest.entry_id]).get(latest.entry_id)
    words = {key: text(lang, message) for key, message in WORDS.items()}
    return _templates().get_template("announcement.html").render(
        lang=lang, year=request.year, words=words,
        title=text(lang, "Announcement of the {year} party-building target-management assessment",
                   year=request.year),
        intro=text(lang, "Published on {date} under rulebook {version}; {count} branches assessed.",
                   date=latest.date, version=latest.data["rulebook_version"], count=len(scores)),
        scores=[dict(s, grade_name=name(lang, "grade", s["grade"])) for s in scores],
        counts=[(name(lang, "grade", grade), count) for grade, count in counts.items()],
        eligible=[s["branch"] for s in scores if s["advanced_eligible"]],
        checks=[
            text(lang, "Publication entry {id} at log position {position}.", id=latest.entry_id,
                 position=position if position is not None else "?"),
            text(lang, "Rulebook digest: {digest}", digest=latest.data["rulebook_digest"]),
            text(lang, "Chain head when published: {head}", head=head or "—"),
            text(lang, "Anyone can check a branch's score with: taizhang audit -y {year} -b BRANCH; "
                       "and the history with: taizhang verify", year=request.year),
        ],
        superseded=[text(lang, "This publication supersedes the one recorded as {id} on {date}.",
                         id=e.entry_id, date=e.date) for e in earlier],
    )


def _check_cjk_font(lang: str) -> None:
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return  # no fontconfig tools: let WeasyPrint try with what it finds
    if not found.stdout.strip():
        raise ReportError(text(lang, "no Chinese font is installed, so the PDF would show empty boxes; "
                                     "install one (Debian/Ubuntu: apt-get install {package})",
                               package=CJK_FONT_PACKAGE))


def announcement(store: Store, request: Request, suffix: str) -> Rendered:
    page = html(store, request)
    if suffix == ".html":
        return Rendered(page.encode("utf-8"), 1)
    _check_cjk_font(request.lang)
    from weasyprint import HTML

    document = HTML(string=page).render()
    return Rendered(document.write_pdf(), len(document.pages))
