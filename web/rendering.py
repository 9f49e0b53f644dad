"""Templates and the page language: every word from the gettext catalogs, zh by default, en one click away."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import pass_context
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from ledger.i18n import LANGUAGES, language, name, text
from web.accounts import NoAccounts

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
LANG_COOKIE = "lang"

templates = Jinja2Templates(directory=str(TEMPLATES))


def page_language(request: Request) -> str:
    """``?lang=`` when given (it is remembered in a cookie), else the cookie, else Chinese."""
    return language(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))


@pass_context
def _t(context: Any, message: str, /, **params: Any) -> str:
    return text(context["lang"], message, **params)


@pass_context
def _n(context: Any, vocabulary: str, code: Any) -> str:
    return name(context["lang"], vocabulary, str(code)) if code is not None else ""


@pass_context
def _with_query(context: Any, **changes: Any) -> str:
    """The current page's address with some query parameters changed (for links that keep the rest)."""
    request: Request = context["request"]
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def points(value: Any) -> str:
    """Points without trailing zeros: 12, 18.5, 0.25 (as the CLI prints them)."""
    text_value = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text_value if text_value != "-0" else "0"


def percent(value: Any) -> str:
    return f"{float(value):.0%}" if value is not None else ""


templates.env.globals.update(t=_t, n=_n, with_query=_with_query, languages=LANGUAGES)
templates.env.filters.update(points=points, percent=percent)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language, with who is logged in and the form token."""
    from web.auth import csrf_token, current_account

    site = request.app.state.site
    account = current_account(request)
    context.setdefault("title", "")
    response = templates.TemplateResponse(request, template, {
        "lang": page_language(request), "account": account, "csrf": csrf_token(request),
        "roles": site.accounts.roles(account, page_language(request)) if account else [], "read_only": site.read_only,
        "logins": not isinstance(site.accounts, NoAccounts), **context,
    }, status_code=status_code)
    return response
