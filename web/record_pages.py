"""Recording through the web: one generated form per entry type, refused forms shown again with the reason by the field.

``by`` is always the logged-in user (the form has no such field); the permission
matrix is asked before anything is written, and a refused form writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ledger.errors import InvalidEntry
from ledger.i18n import name, text
from web import accounts as actions
from web.auth import Form, may, writer
from web.entry_forms import FORM_TYPES, field_of_error, fields_of, raw_entry
from web.errors import NotFound
from web.params import day_of, known
from web.rendering import page_language, render

router = APIRouter()


def record_action(type_name: str) -> str:
    """The matrix's action for recording an entry of this type."""
    return f"{actions.RECORD}:{type_name}"


def _type(request: Request, type_name: str) -> str:
    if type_name not in FORM_TYPES:
        raise NotFound(text(page_language(request), "no form records {kind}", kind=type_name))
    return type_name


def _branch(request: Request, branch: str, type_name: str) -> str:
    """The registered branch a form records for (a branch being registered has no page to be found on yet).

    Branches are looked up in the views as they are, and only when not found there after a catch-up:
    recording does not wait for the views to apply what others recorded meanwhile."""
    if type_name == "BranchRegistered":
        return branch
    site = request.app.state.site
    with site.views(fresh=False) as connection:
        try:
            return known(request, connection, branch)
        except NotFound:
            pass
    with site.views() as connection:
        return known(request, connection, branch)


def roster_on(site: Any, connection: Any, branch: str, day: date) -> list[Any]:
    from projections import queries

    return queries.roster(connection, branch, day)


@router.get("/b/{branch}/record")
def record_index(request: Request, branch: str) -> Response:
    site = request.app.state.site
    with site.views() as connection:
        branch = known(request, connection, branch)
    lang = page_language(request)
    # only the forms the matrix lets this user send for this branch
    kinds = [(kind, name(lang, "entry_type", kind)) for kind in FORM_TYPES
             if may(request, record_action(kind), branch)]
    return render(request, "record_index.html", title=text(lang, "Record an entry"), branch=branch, kinds=kinds,
                  year=site.today().year)


def _form_page(request: Request, branch: str, type_name: str, day: date, values: dict[str, Any],
               errors: dict[str, str], general: list[str], status: int = 200, action: str | None = None,
               correcting: Any = None) -> Response:
    site = request.app.state.site
    with site.views() as connection:
        roster = [] if type_name == "BranchRegistered" else roster_on(site, connection, branch, day)
    lang = page_language(request)
    title = (text(lang, "Correct an entry") if correcting else text(lang, "Record an entry")) + " · " + \
        name(lang, "entry_type", type_name)
    return render(request, "entry_form.html", status, title=title, branch=branch, type_name=type_name,
                  fields=fields_of(type_name), values=values, errors=errors, general=general, roster=roster,
                  day=day, year=day.year, action=action or f"/b/{branch}/record/{type_name}",
                  correcting=correcting)


@router.get("/b/{branch}/record/{type_name}")
def record_form(request: Request, branch: str, type_name: str) -> Response:
    site = request.app.state.site
    type_name = _type(request, type_name)
    branch = _branch(request, branch, type_name)
    writer(request, record_action(type_name), branch)
    day = day_of(request, "date", site.today())
    return _form_page(request, branch, type_name, day, {"date": day.isoformat()}, {}, [])


@router.post("/b/{branch}/record/{type_name}")
def record(request: Request, branch: str, type_name: str, form: Form) -> Response:
    site = request.app.state.site
    type_name = _type(request, type_name)
    branch = _branch(request, branch, type_name)
    account = writer(request, record_action(type_name), branch)
    raw = raw_entry(type_name, branch, form)
    try:
        outcome = site.ledger_as(account).record(raw, confirmed=form.get("confirmed") == "true")
    except InvalidEntry as error:
        return refused(request, branch, type_name, form, error)
    return RedirectResponse(f"/entry/{outcome.entry_id}?stored={int(outcome.stored)}", status_code=303)


def refused(request: Request, branch: str, type_name: str, form: Any, error: InvalidEntry, *, prefix: str = "",
            action: str | None = None, correcting: Any = None) -> Response:
    """The form again, as typed, with the entry's own message by the field it names (nothing was written)."""
    site = request.app.state.site
    values = form_as_typed(form)
    target = field_of_error(error.field, prefix)
    known_fields = {spec.name for spec in fields_of(type_name)} | {"date", "note", "reason"}
    errors: dict[str, str] = {}
    general: list[str] = []
    message = f"{error.field.removeprefix(prefix)}: {error.reason}" if error.field else error.reason
    if target in known_fields:
        errors[target] = message
    else:
        general.append(message)
    try:
        from ledger.values import parse_date

        day = parse_date(values.get("date") or "")
    except ValueError:
        day = site.today()
    return _form_page(request, branch, type_name, day, values, errors, general, 400, action, correcting)


def form_as_typed(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in {k for k, _ in form.multi_items()}:
        items = form.getlist(key)
        if key.startswith("members."):
            values.setdefault("members", {})[key.split(".", 1)[1]] = items[-1]
        else:
            values[key] = items if len(items) > 1 or key in ("present", "expected", "excused", "evaluated",
                                                              "forms") else items[-1]
    return values
