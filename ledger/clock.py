"""The organisation's clock: its time zone, and times as people type them.

A time typed without an offset (``audit --as-of "2026-11-25 01:17:56"``) means the
organisation's local time, not UTC: Asia/Shanghai by default, or the IANA zone named
by ``TAIZHANG_TIMEZONE``. Stored times always carry their offset.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ledger.errors import LedgerError

DEFAULT_ZONE = "Asia/Shanghai"
EARLIEST_YEAR, LATEST_YEAR = 1921, 2200


def organisation_zone() -> ZoneInfo:
    """The organisation's time zone (``TAIZHANG_TIMEZONE``, default Asia/Shanghai)."""
    name = os.environ.get("TAIZHANG_TIMEZONE") or DEFAULT_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise LedgerError(f"TAIZHANG_TIMEZONE: {name!r} is not a time zone (e.g. Asia/Shanghai)") from None


def parse_moment(text: str, what: str = "--as-of") -> datetime:
    """A moment written in ISO 8601; without an offset it is in the organisation's time zone."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise LedgerError(f"{what}: {text!r} is not a time such as 2026-01-15 12:00 or 2026-01-15T12:00+08:00") \
            from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise LedgerError(f"{what}: {text} is outside the years a ledger can hold ({EARLIEST_YEAR}–{LATEST_YEAR})")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=organisation_zone())
    return moment


def today() -> date:
    """Today in the organisation's time zone."""
    return datetime.now(organisation_zone()).date()
