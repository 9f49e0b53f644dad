"""The organ party committee office's pages: the score sheet with its drill-down, what-if, adopt, publish,
audit, and the papers to download. Each calls the use case ``taizhang score | rules | publish | audit |
report`` calls; the permission matrix is asked first."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from ledger.i18n import name, text
from web import accounts as actions
from web.auth import Form, current_account, may, permitted, writer
from web.charts import chart, histogram
from web.errors import NotFound
from web.params import BadParameter, known, year_of
from web.rendering import page_language, render

router = APIRouter()
ORGANISATION = "ORG"
OFFICE_DOWNLOADS = [("summary", ".xlsx"), ("summary", ".csv"), ("score-sheet", ".xlsx"), ("announcement", ".pdf"),
                    ("announcement", ".html")]


def _organisation() -> str:
    import os

    return os.environ.get("TAIZHANG_ORG", ORGANISATION)


@router.get("/office/scores")
def score_sheet(request: Request) -> Response:
    """Every branch: five categories, total, grade, advanced eligibility; each branch drills down to its card."""
    from projections.assessment import rulebook_for
    from projections.queries import branches
    from projections.scorecards import iter_scorecards

    site = request.app.state.site
    lang = page_language(request)
    permitted(request, actions.SCORES)
    year = year_of(request, site.today().year)
    with site.views() as connection:
        codes = branches(connection)
    book = rulebook_for(site.store, year).book
    cards = list(iter_scorecards(site.store, year, book, site.today(), codes, lang)) if codes else []
    categories = [(c.id, name(lang, "category", c.id)) for c in book.categories]
    grades = Counter(card["grade"] for card in cards)
    averages = [sum(card["categories"][i]["score"] for card in cards) / len(cards) if cards else 0
                for i in range(len(categories))]
    labels, counts = histogram(card["total"] for card in cards)
    charts = [chart("score-distribution", text(lang, "Score distribution"), labels,
                    {text(lang, "branches"): counts}),
              chart("category-averages", text(lang, "Average score per category"), [c[1] for c in categories],
                    {text(lang, "average"): averages,
                     text(lang, "base"): [float(c.base) for c in book.categories]})]
    return render(request, "office_scores.html", title=text(lang, "Score sheet"), year=year, cards=cards,
                  categories=categories, grades=grades, charts=charts, book=book,
                  downloads=OFFICE_DOWNLOADS, can_publish=may(request, actions.PUBLISH),
                  can_adopt=may(request, actions.ADOPT),
                  can_what_if=site.accounts.allowed(current_account(request), actions.WHAT_IF, None))


@router.get("/office/scores/{branch}")
def branch_card(request: Request, branch: str) -> Response:
    """A branch's card from the score sheet: each deduction and the entries behind it."""
    from projections.assessment import rulebook_for
    from projections.scorecards import iter_scorecards

    site = request.app.state.site
    lang = page_language(request)
    permitted(request, actions.SCORES)
    year = year_of(request, site.today().year)
    with site.views() as connection:
        branch = known(request, connection, branch)
    book = rulebook_for(site.store, year).book
    card = next(iter(iter_scorecards(site.store, year, book, site.today(), [branch], lang)))
    return render(request, "scorecard.html", title=text(lang, "Scorecard"), branch=branch, year=year, card=card,
                  downloads=[("score-sheet", ".xlsx"), ("score-sheet", ".pdf"), ("ledger", ".xlsx")])


def _uploaded_rulebook(request: Request, form: Any) -> Any:
    from projections.rulebook import RulebookError
    from projections.scoring.rulebook import MAX_RULEBOOK_BYTES, parse_rulebook

    lang = page_language(request)
    upload = form.get("rulebook")
    filename = getattr(upload, "filename", None)
    if upload is None or isinstance(upload, str) or not filename:
        raise RulebookError(text(lang, "rulebook"), [text(lang, "choose a rulebook file (YAML) to upload")])
    data = upload.file.read(MAX_RULEBOOK_BYTES + 1)
    if len(data) > MAX_RULEBOOK_BYTES:
        raise RulebookError(filename, [text(lang, "too large for a rulebook")])
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RulebookError(filename, ["not UTF-8 text"]) from None
    return parse_rulebook(content, filename)


@router.get("/office/whatif")
def what_if_page(request: Request) -> Response:
    site = request.app.state.site
    permitted(request, actions.WHAT_IF)
    year = year_of(request, site.today().year)
    return render(request, "whatif.html", title=text(page_language(request), "What-if"), year=year,
                  changes=None, problems=[], can_adopt=may(request, actions.ADOPT))


@router.post("/office/whatif")
def what_if(request: Request, form: Form) -> Response:
    """The year scored under the rulebook in force and under the uploaded one: what moves."""
    from projections.assessment import rulebook_for
    from projections.queries import branches
    from projections.rulebook import RulebookError
    from projections.usecases.whatif import compare

    site = request.app.state.site
    lang = page_language(request)
    permitted(request, actions.WHAT_IF)
    year = _posted_year(request, form)
    try:
        book = _uploaded_rulebook(request, form)
    except RulebookError as error:
        return render(request, "whatif.html", 400, title=text(lang, "What-if"), year=year, changes=None,
                      problems=[f"{error.source}: {p}" for p in error.problems], can_adopt=may(request, actions.ADOPT))
    in_force = rulebook_for(site.store, year).book
    with site.views() as connection:
        codes = branches(connection)
    changes = compare(site.store, year, in_force, book, site.today(), codes, lang)
    return render(request, "whatif.html", title=text(lang, "What-if"), year=year, changes=changes, problems=[],
                  before=in_force, after=book, can_adopt=may(request, actions.ADOPT))


def _posted_year(request: Request, form: Any) -> int:
    raw = str(form.get("year") or "")
    if not raw.isdigit() or not 1921 <= int(raw) <= 2200:
        raise BadParameter(text(page_language(request), "year: {value} is not a year from 1921 to 2200", value=raw))
    return int(raw)


@router.post("/office/adopt")
def adopt(request: Request, form: Form) -> Response:
    """Adopt the uploaded rulebook from a year on (a RulebookAdopted entry), then rescore those years."""
    from projections.assessment import adopt as adopt_rulebook
    from projections.assessment import rescore
    from projections.rulebook import RulebookError

    site = request.app.state.site
    lang = page_language(request)
    account = writer(request, actions.ADOPT)
    year = _posted_year(request, form)
    try:
        book = _uploaded_rulebook(request, form)
    except RulebookError as error:
        return render(request, "whatif.html", 400, title=text(lang, "What-if"), year=year, changes=None,
                      problems=[f"{error.source}: {p}" for p in error.problems], can_adopt=True)
    recorded = adopt_rulebook(site.ledger_as(account), book, from_year=year, organisation=_organisation(),
                              on=site.today())
    rescored = rescore(site.store, year, site.today())
    message = text(lang, "adopted {version} from {year} on as {id}; rescored {count} years", version=book.version,
                   year=year, id=recorded.entry_id, count=len(rescored))
    return render(request, "message.html", title=text(lang, "Rulebook adopted"), message=message,
                  link=f"/entry/{recorded.entry_id}")


@router.post("/office/publish")
def publish(request: Request, form: Form) -> Response:
    """Publish a year's assessment (通报): each branch's score and digest recorded, the chain head to keep."""
    from projections.assessment import publish as publish_year

    site = request.app.state.site
    lang = page_language(request)
    account = writer(request, actions.PUBLISH)
    year = _posted_year(request, form)
    acting = site.ledger_as(account)
    cards, recorded = publish_year(acting, year, organisation=_organisation(), on=site.today())
    head = acting.chain_head()
    message = text(lang, "published the {year} assessment of {count} branches as {id}; chain head {head} "
                   "(keep it: taizhang verify --anchor {head})", year=year, count=len(cards), id=recorded.entry_id,
                   head=str(head))
    return render(request, "message.html", title=text(lang, "Published"), message=message,
                  link=f"/entry/{recorded.entry_id}", downloads=[("announcement", ".pdf"), ("announcement", ".html")],
                  year=year)


@router.get("/office/audit")
def audit_page(request: Request) -> Response:
    """A branch-year recomputed from the event store alone as of a moment, compared with the publication."""
    from ledger.clock import parse_moment
    from projections.assessment import audit

    site = request.app.state.site
    lang = page_language(request)
    permitted(request, actions.AUDIT)
    year = year_of(request, site.today().year)
    branch = request.query_params.get("branch") or ""
    as_of = request.query_params.get("as_of") or ""
    report = None
    if branch:
        with site.views() as connection:
            branch = known(request, connection, branch)
        moment = parse_moment(as_of, "as_of") if as_of else None
        report = audit(site.store, branch, year, moment)
    return render(request, "audit.html", title=text(lang, "Audit"), year=year, audit_branch=branch, as_of=as_of,
                  report=report, card=report.card.to_json() if report else None)


@router.get("/download/{paper}")
def download(request: Request, paper: str) -> Response:
    """A paper (score sheet, summary, 台帐 workbook, 通报) as the CLI's ``taizhang report`` writes it."""
    from reports import FORMATS
    from reports import download as make

    site = request.app.state.site
    lang = page_language(request)
    kind, dot, suffix = paper.rpartition(".")
    if not dot or kind not in FORMATS:
        raise NotFound(text(lang, "no paper is called {kind}; the papers are {kinds}", kind=paper,
                            kinds=", ".join(FORMATS)))
    year = year_of(request, site.today().year)
    branch = request.query_params.get("branch") or None
    with site.views() as connection:
        if branch:
            branch = known(request, connection, branch)
    permitted(request, actions.READ if branch else actions.SCORES, branch)
    made = make(site.store, kind, year, branch, lang, "." + suffix, site.today())
    return Response(made.data, media_type=made.content_type,
                    headers={"Content-Disposition": f"attachment; filename=\"{made.filename}\""})
