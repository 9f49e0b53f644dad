"""A time typed without an offset is the organisation's local time, not UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ledger.clock import parse_moment
from ledger.errors import LedgerError


def test_a_time_without_offset_is_beijing_time_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TAIZHANG_TIMEZONE", raising=False)
    moment = parse_moment("2026-11-25 01:17:56")
    assert moment.astimezone(UTC) == datetime(2026, 11, 24, 17, 17, 56, tzinfo=UTC)


def test_the_zone_is_configurable_and_an_explicit_offset_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_TIMEZONE", "Europe/London")
    assert parse_moment("2026-07-01 12:00").astimezone(UTC).hour == 11
    assert parse_moment("2026-07-01T12:00+08:00").astimezone(UTC).hour == 4


@pytest.mark.parametrize("text", ["0001-01-01", "yesterday", "2026-13-01 10:00"])
def test_an_impossible_time_is_refused_with_the_option_named(text: str) -> None:
    with pytest.raises(LedgerError, match="--as-of"):
        parse_moment(text)


def test_an_unknown_zone_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_TIMEZONE", "Mars/Olympus")
    with pytest.raises(LedgerError, match="Mars/Olympus"):
        parse_moment("2026-07-01 12:00")
