"""An entry's page: what was recorded, when and by whom, what overrides it; correct or retract it from there."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ledger.errors import InvalidEntry
from ledger.i18n import text
from web import accounts as actions
from web.auth import Form, may, permitted, writer
from web.entry_forms import FORM_TYPES, form_values, raw_entry
from web.errors import NotFound
from web.rendering import page_language, render

router = APIRouter()


def stored_entry(request: Request, entry_id: str) -> Any:
    """The stored event of an entry id, or a page saying there is none."""
    store = request.app.state.site.store
    position = store.positions([entry_id]).get(entry_id)
    if position is None:
        raise NotFound(text(page_language(request), "no entry has the id {id}", id=entry_id))
    return store.events_at([position])[position]


def overriding(request: Request, entry_id: str) -> list[Any]:
    """The retractions and corrections aimed at the entry, from the read models caught up."""
    from projections.readmodels.queries import overrides_of

    with request.app.state.site.views() as connection:
        ids = overrides_of(connection, entry_id)
    return [stored_entry(request, other) for other in ids]


@router.get("/entry/{entry_id}")
def entry_page(request: Request, entry_id: str) -> Response:
    event = stored_entry(request, entry_id)
    permitted(request, actions.READ, event.branch)
    overriders = overriding(request, entry_id)
    kind = type(event).__name__
    return render(request, "entry.html", title=text(page_language(request), "Entry {id}", id=entry_id),
                  event=event, kind=kind, overriders=overriders, branch=event.branch, year=int(event.date[:4]),
                  stored=request.query_params.get("stored"),
                  can_correct=kind in FORM_TYPES and may(request, actions.CORRECT, event.branch),
                  can_retract=may(request, actions.RETRACT, event.branch))


@router.post("/entry/{entry_id}/retract")
def retract(request: Request, entry_id: str, form: Form) -> Response:
    site = request.app.state.site
    event = stored_entry(request, entry_id)
    account = writer(request, actions.RETRACT, event.branch)
    raw = {"type": "EntryRetracted", "branch": event.branch, "date": site.today().isoformat(),
           "target": entry_id, "reason": str(form.get("reason") or "").strip()}
    try:
        outcome = site.ledger_as(account).record(raw)
    except InvalidEntry as error:
        overriders = overriding(request, entry_id)
        return render(request, "entry.html", 400, title=text(page_language(request), "Entry {id}", id=entry_id),
                      event=event, kind=type(event).__name__, overriders=overriders, branch=event.branch,
                      year=int(event.date[:4]), can_correct=False, can_retract=True,
                      retract_error=f"{error.field}: {error.reason}" if error.field else error.reason)
    return RedirectResponse(f"/entry/{outcome.entry_id}?stored={int(outcome.stored)}", status_code=303)


@router.get("/entry/{entry_id}/correct")
def correct_form(request: Request, entry_id: str) -> Response:
    from web.record_pages import _form_page

    event = stored_entry(request, entry_id)
    kind = type(event).__name__
    if kind not in FORM_TYPES:
        raise NotFound(text(page_language(request), "no form records {kind}", kind=kind))
    writer(request, actions.CORRECT, event.branch)
    values = {"date": event.date, "note": event.note, **form_values(event.data)}
    return _form_page(request, event.branch, kind, date.fromisoformat(event.date), values, {}, [],
                      action=f"/entry/{entry_id}/correct", correcting=entry_id)


@router.post("/entry/{entry_id}/correct")
def correct(request: Request, entry_id: str, form: Form) -> Response:
    from web.record_pages import refused

    site = request.app.state.site
    event = stored_entry(request, entry_id)
    kind = type(event).__name__
    if kind not in FORM_TYPES:
        raise NotFound(text(page_language(request), "no form records {kind}", kind=kind))
    account = writer(request, actions.CORRECT, event.branch)
    replacement = raw_entry(kind, event.branch, form)
    raw = {"type": "EntryCorrected", "branch": event.branch, "date": site.today().isoformat(),
           "target": entry_id, "reason": str(form.get("reason") or "").strip(), "replacement": replacement}
    try:
        outcome = site.ledger_as(account).record(raw)
    except InvalidEntry as error:
        return refused(request, event.branch, kind, form, error, prefix="replacement.",
                       action=f"/entry/{entry_id}/correct", correcting=entry_id)
    return RedirectResponse(f"/entry/{outcome.entry_id}?stored={int(outcome.stored)}", status_code=303)
