"""Logging in and out, the signed session, the form token, and asking the matrix before acting.

The session is a signed cookie (Starlette's SessionMiddleware, itsdangerous) that holds
the user's name and the form token; the account is looked up on every request, so a
disabled user is logged out at once. Who may do what is answered by the application
layer (:class:`web.accounts.Accounts`); this module only asks.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from ledger.i18n import name, text
from web.accounts import Account, LoginFailed
from web.errors import BadForm, Forbidden, LoginRequired
from web.rendering import page_language, render

router = APIRouter()



def current_account(request: Request) -> Account | None:
    """The logged-in, still active account (a disabled or removed one ends the session)."""
    name = request.session.get("user")
    if not name:
        return None
    account: Account | None = request.app.state.site.accounts.find(name, int(request.session.get("stamp", 0)))
    if account is None:
        request.session.pop("user", None)
    return account


def csrf_token(request: Request) -> str:
    """The session's form token, made on first use; every form carries it back."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def checked_form(request: Request) -> FormData:
    """The posted form, refused unless it carries the session's token."""
    form = await request.form()
    sent = form.get("csrf")
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not expected or not secrets.compare_digest(sent, str(expected)):
        raise BadForm()
    return form


Form = Annotated[FormData, Depends(checked_form)]


def permitted(request: Request, action: str, branch: str | None = None) -> Account | None:
    """The account, after the matrix allowed the action (a visitor is sent to log in first)."""
    site = request.app.state.site
    account = current_account(request)
    if site.accounts.allowed(account, action, branch):
        return account
    if account is None:
        raise LoginRequired()
    lang = page_language(request)
    raise Forbidden(text(lang, "{user} may not {action} for {branch}", user=account.name,
                         action=name(lang, "action", action), branch=branch or text(lang, "the organisation")))


def writer(request: Request, action: str, branch: str | None = None) -> Account:
    """The account allowed to write: never on a read-only server, never without a login."""
    if request.app.state.site.read_only:
        raise Forbidden(text(page_language(request), "this server is read-only: nothing can be recorded here"))
    account = permitted(request, action, branch)
    if account is None:
        raise LoginRequired()
    return account


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another site's address) after logging in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", title=text(page_language(request), "Log in"), next=_safe_next(next))


@router.post("/login")
def login(request: Request, form: Form) -> Response:
    site = request.app.state.site
    lang = page_language(request)
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or "/"))
    try:
        if not name or not password:
            raise LoginFailed(text(lang, "give your user name and your password"))
        account = site.accounts.authenticate(name, password, lang)
    except LoginFailed as refused:
        return render(request, "login.html", 429 if refused.retry_after else 401, title=text(lang, "Log in"),
                      next=target, name=name, error=refused.message)
    request.session.clear()
    request.session["user"] = account.name
    request.session["stamp"] = site.accounts.stamp(account)
    request.session["csrf"] = secrets.token_urlsafe(32)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, form: Form) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def may(request: Request, action: str, branch: str | None = None) -> bool:
    """Whether to offer an action on a page (the matrix's answer; never on a read-only server)."""
    site = request.app.state.site
    return not site.read_only and bool(site.accounts.allowed(current_account(request), action, branch))
