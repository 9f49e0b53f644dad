"""The web application: ``create_app(store_url)`` for ``taizhang serve`` and the tests."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from ledger.application import Ledger
from ledger.errors import LedgerError, StoreError
from ledger.i18n import text
from web.accounts import Accounts, store_accounts
from web.auth import login_redirect
from web.errors import BadForm, Forbidden, LoginRequired, NotFound
from web.rendering import LANG_COOKIE, STATIC, page_language, render
from web.site import Site

#: the session cookie's signing key; give every serve process on one store the same one
SECRET_ENV = "TAIZHANG_WEB_SECRET"


def create_app(store_url: str | None, read_only: bool = False, *, accounts: Accounts | None = None,
               secret: str | None = None) -> FastAPI:
    """The ASGI application over the store at ``store_url``, holding one Ledger for its life."""
    ledger = Ledger(store_url, create=not read_only, user="web")
    site = Site(ledger, accounts if accounts is not None else store_accounts(ledger), read_only)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        site.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.site = site
    key = secret or os.environ.get(SECRET_ENV) or secrets.token_hex(32)
    app.add_middleware(SessionMiddleware, secret_key=key, session_cookie="taizhang_session",
                       same_site="lax", max_age=12 * 3600)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    from web import branch_pages, entry_pages, office_pages, record_pages
    from web.auth import router as auth_router

    for module in (auth_router, branch_pages.router, record_pages.router, entry_pages.router, office_pages.router):
        app.include_router(module)

    @app.middleware("http")
    async def remember_language(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        chosen = request.query_params.get("lang")
        if chosen:
            response.set_cookie(LANG_COOKIE, page_language(request), max_age=365 * 86400, samesite="lax")
        return response

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, error: LoginRequired) -> Response:
        return login_redirect(request)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, error: Forbidden) -> Response:
        return render(request, "message.html", 403, title=text(page_language(request), "Not allowed"),
                      message=error.message)

    @app.exception_handler(BadForm)
    async def _bad_form(request: Request, error: BadForm) -> Response:
        lang = page_language(request)
        return render(request, "message.html", 403, title=text(lang, "Not allowed"),
                      message=text(lang, "the form has expired or did not come from this site: "
                                         "nothing was done; open the page again and resend it"))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, error: NotFound) -> Response:
        return render(request, "message.html", 404, title=text(page_language(request), "Not found"),
                      message=error.message)

    @app.exception_handler(StoreError)
    async def _store(request: Request, error: StoreError) -> Response:
        return render(request, "message.html", 503, title=text(page_language(request), "The store"),
                      message=str(error))

    @app.exception_handler(LedgerError)
    async def _refused(request: Request, error: LedgerError) -> Response:
        lang = page_language(request)
        # errors worded from the catalogs speak the page's language (the others are English sentences)
        in_language = getattr(error, "in_language", None)
        message = in_language(lang) if callable(in_language) else str(error)
        return render(request, "message.html", 400, title=text(lang, "Refused"), message=message)

    return app
