"""A branch's pages: the 台帐, attendance, dues, the roster on a day, obligations ahead, the self-check.

Each page calls the read-model functions ``taizhang ledger | attendance | dues | roster |
due | score`` call, on views caught up with the store first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ledger.i18n import name, text
from web import accounts as actions
from web.auth import may, permitted
from web.charts import chart, due_per_month
from web.params import choice, day_of, known, year_of
from web.rendering import page_language, render

router = APIRouter()
LEDGER_BY = ("month", "category")
ATTENDANCE_BY = ("meeting", "kind", "member", "month")
DUES_BY = ("member", "month")


@router.get("/")
def home(request: Request) -> Response:
    from projections.queries import branches

    site = request.app.state.site
    permitted(request, actions.READ)
    year = year_of(request, site.today().year)
    with site.views() as connection:
        codes = [code for code in branches(connection)
                 if site.accounts.allowed(_account(request), actions.READ, code)]
    return render(request, "home.html", title=text(page_language(request), "Branches"), branches=codes,
                  year=year, office=site.accounts.allowed(_account(request), actions.SCORES, None))


def _account(request: Request) -> Any:
    from web.auth import current_account

    return current_account(request)


@router.get("/b/{branch}")
def branch_home(branch: str) -> Response:
    return RedirectResponse(f"/b/{branch}/ledger", status_code=303)


def _branch_page(request: Request, connection: Any, branch: str, action: str = actions.READ) -> str:
    code = known(request, connection, branch)
    permitted(request, action, code)
    return code


@router.get("/b/{branch}/ledger")
def ledger_page(request: Request, branch: str) -> Response:
    from projections import queries

    site = request.app.state.site
    lang = page_language(request)
    year = year_of(request, site.today().year)
    by = choice(request, "by", LEDGER_BY)
    with site.views() as connection:
        branch = _branch_page(request, connection, branch)
        rows = queries.work_ledger(connection, site.store, branch, year, lang=lang)
    groups: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row.date[:7] if by == "month" else row.category].append(row)
    ordered = sorted(groups.items()) if by == "month" else [(c, groups[c]) for c in "LOISM-" if c in groups]
    return render(request, "ledger.html", title=text(lang, "Work ledger"), branch=branch, year=year, by=by,
                  groups=ordered, count=len(rows), can_record=may(request, f"{actions.RECORD}:MeetingHeld", branch))


@router.get("/b/{branch}/attendance")
def attendance_page(request: Request, branch: str) -> Response:
    from projections import queries

    site = request.app.state.site
    lang = page_language(request)
    year = year_of(request, site.today().year)
    by = choice(request, "by", ATTENDANCE_BY)
    member = request.query_params.get("member") or None
    with site.views() as connection:
        branch = _branch_page(request, connection, branch)
        held = queries.meetings_of(connection, branch, year)
    if member:
        held = [m for m in held if member in m.expected]
    per_month = queries.by_group(held, "month")
    per_kind = queries.by_group(held, "kind")
    charts = [
        chart("attendance-month", text(lang, "Attendance by month"), [g.group for g in per_month],
              {text(lang, "rate"): [g.rate for g in per_month]}, kind="line", percent=True),
        chart("attendance-kind", text(lang, "Attendance by meeting kind"),
              [name(lang, "meeting_kind", g.group) for g in per_kind],
              {text(lang, "rate"): [g.rate for g in per_kind]}, percent=True),
    ]
    rows: list[Any]
    if by == "meeting":
        rows = held
    elif by == "member":
        rows = [r for r in queries.by_member(held) if member is None or r.member == member]
    else:
        rows = queries.by_group(held, by)
    return render(request, "attendance.html", title=text(lang, "Attendance"), branch=branch, year=year, by=by,
                  member=member, rows=rows, per_month=per_month, per_kind=per_kind, charts=charts)


@router.get("/b/{branch}/dues")
def dues_page(request: Request, branch: str) -> Response:
    from projections import queries
    from projections.dues import branch_months, member_months, months_of

    site = request.app.state.site
    lang = page_language(request)
    day = day_of(request, "on", site.today())
    year = year_of(request, day.year)
    by = choice(request, "by", DUES_BY)
    months = months_of(year, day if day.year == year else None)
    with site.views() as connection:
        branch = _branch_page(request, connection, branch)
        spells = queries.branch_spells(connection, branch)
        bases, paid, remitted = queries.dues_rows(connection, branch)
    per_member = member_months(spells, bases, paid, months)
    per_month = branch_months(paid, remitted, months, day)
    due = due_per_month(per_member)
    chart_rows = [(row.month, due.get(row.month), row.collected, row.remitted) for row in per_month]
    charts = [chart("dues-month", text(lang, "Dues collected against due, by month"), [r[0] for r in chart_rows],
                    {text(lang, "due"): [r[1] for r in chart_rows], text(lang, "collected"): [r[2] for r in chart_rows],
                     text(lang, "remitted"): [r[3] for r in chart_rows]})]
    return render(request, "dues.html", title=text(lang, "Dues"), branch=branch, year=year, by=by,
                  per_member=per_member, per_month=per_month, chart_rows=chart_rows, charts=charts,
                  gaps=sum(1 for r in per_member if r.due is None))


@router.get("/b/{branch}/roster")
def roster_page(request: Request, branch: str) -> Response:
    from projections import queries

    site = request.app.state.site
    day = day_of(request, "on", site.today())
    with site.views() as connection:
        branch = _branch_page(request, connection, branch)
        rows = queries.roster(connection, branch, day)
    return render(request, "roster.html", title=text(page_language(request), "Roster"), branch=branch, day=day,
                  rows=rows, year=day.year)


@router.get("/b/{branch}/due")
def due_page(request: Request, branch: str) -> Response:
    from projections.assessment import rulebook_for
    from projections.obligations import obligations

    site = request.app.state.site
    lang = page_language(request)
    day = day_of(request, "on", site.today())
    with site.views() as connection:
        branch = _branch_page(request, connection, branch)
        rows = obligations(connection, site.store, branch, day)
    # each item named as the rulebook in force names it
    titles = {item.id: getattr(item.title, lang) for _, item in rulebook_for(site.store, day.year).book.items()}
    return render(request, "due.html", title=text(lang, "Obligations ahead"), branch=branch,
                  day=day, rows=rows, year=day.year, titles=titles)


@router.get("/b/{branch}/score")
def self_check_page(request: Request, branch: str) -> Response:
    """The branch's self-check (自查): the scorecard as it stands, each deduction with its evidence entries."""
    from projections.assessment import rulebook_for
    from projections.scorecards import iter_scorecards

    site = request.app.state.site
    lang = page_language(request)
    year = year_of(request, site.today().year)
    with site.views() as connection:
        branch = _branch_page(request, connection, branch, actions.SELF_CHECK)
    book = rulebook_for(site.store, year).book
    card = next(iter(iter_scorecards(site.store, year, book, site.today(), [branch], lang)))
    return render(request, "scorecard.html", title=text(lang, "Self-check"), branch=branch, year=year, card=card,
                  downloads=[("score-sheet", ".xlsx"), ("score-sheet", ".pdf"), ("ledger", ".xlsx"),
                             ("ledger", ".pdf")])
