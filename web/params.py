"""Query parameters a page reads (year, day, branch), each refused with a message that names it."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request

from ledger.errors import LedgerError
from ledger.i18n import text
from web.errors import NotFound
from web.rendering import page_language


class BadParameter(LedgerError):
    """A query parameter that cannot be read (the page says which and why)."""


def year_of(request: Request, default: int) -> int:
    raw = request.query_params.get("year")
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not 1921 <= int(raw) <= 2200:
        raise BadParameter(text(page_language(request), "year: {value} is not a year from 1921 to 2200", value=raw))
    return int(raw)


def day_of(request: Request, key: str, default: date) -> date:
    from ledger.values import parse_date

    raw = request.query_params.get(key)
    if raw in (None, ""):
        return default
    try:
        day = parse_date(raw)
    except ValueError as error:
        raise BadParameter(f"{key}: {error}") from None
    if not 1921 <= day.year <= 2200:
        raise BadParameter(text(page_language(request), "{key}: {value} is outside the years a ledger can hold "
                                "(1921–2200)", key=key, value=raw))
    return day


def known(request: Request, connection: Any, branch: str) -> str:
    """The registered branch meant (case-insensitive), or a page saying it is not known, with suggestions."""
    from projections.lookup import UnknownName, known_branch
    from projections.queries import branches

    try:
        return known_branch(page_language(request), branch, branches(connection))
    except UnknownName as error:
        raise NotFound(str(error)) from None


def choice(request: Request, key: str, allowed: tuple[str, ...]) -> str:
    raw = request.query_params.get(key) or allowed[0]
    if raw not in allowed:
        raise BadParameter(text(page_language(request), "{key}: {value} is not one of {allowed}", key=key,
                                value=raw, allowed=", ".join(allowed)))
    return raw
