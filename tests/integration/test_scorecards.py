"""Stored scorecards are reused only while nothing that could change them has happened."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from ledger.application import Ledger
from projections.rulebook import default_rulebook
from projections.runner import reading
from projections.scorecards import scorecards, scorecards_for, still_valid
from tests.conftest import example_lines


def stored_rows(ledger: Ledger) -> list[tuple[str, int, str]]:
    with reading(ledger.store) as connection:
        return [tuple(r) for r in connection.execute(
            select(scorecards.c.branch, scorecards.c.position, scorecards.c.as_of))]


def test_a_stored_card_is_reused_until_the_branch_records_something(store_url: str) -> None:
    book = default_rulebook()
    with Ledger(store_url, now=lambda: datetime(2026, 6, 1, tzinfo=UTC)) as ledger:
        ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
        [first] = scorecards_for(ledger.store, 2025, book, date(2026, 6, 1), ["B07"])
        assert stored_rows(ledger) == [("B07", 118, "2026-06-01")]
        [again] = scorecards_for(ledger.store, 2025, book, date(2026, 6, 2), ["B07"])
        assert again == first and stored_rows(ledger) == [("B07", 118, "2026-06-01")]
        ledger.record({"type": "EntryRetracted", "branch": "B07", "date": "2026-05-01", "target": "B07-x1",
                       "reason": "x"})
        [changed] = scorecards_for(ledger.store, 2025, book, date(2026, 6, 2), ["B07"])
    assert (first["total"], changed["total"]) == (88.5, 89.5)
    assert stored_rows(ledger)[0][1:] == (119, "2026-06-02")


def test_a_card_computed_before_a_dues_deadline_is_not_reused_after_it() -> None:
    assert still_valid(date(2025, 11, 3), date(2025, 11, 3), 2025)
    assert not still_valid(date(2025, 11, 3), date(2025, 12, 3), 2025)
    assert not still_valid(date(2026, 1, 20), date(2026, 2, 5), 2025)
    assert still_valid(date(2026, 2, 1), date(2026, 9, 9), 2025)


def test_audit_compares_with_the_stored_scorecard(store_url: str) -> None:
    from projections.assessment import audit

    book = default_rulebook()
    with Ledger(store_url, now=lambda: datetime(2026, 6, 1, tzinfo=UTC)) as ledger:
        ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
        scorecards_for(ledger.store, 2025, book, date.today(), ["B07"])
        report = audit(ledger.store, "B07", 2025)
        assert report.stored is not None and report.stored.startswith("matches the stored scorecard")
        ledger.record({"type": "EntryRetracted", "branch": "B07", "date": "2026-05-01", "target": "B07-x1",
                       "reason": "x"})
        later = audit(ledger.store, "B07", 2025)
    assert later.stored == ("the stored scorecard is out of date (log position 118, now 119); "
                            "the next score recomputes it")


def test_audit_fails_when_a_current_stored_scorecard_disagrees_with_the_store(store_url: str) -> None:
    import json

    from sqlalchemy import update

    from projections.assessment import audit
    from projections.runner import Runner
    from projections.views import Views

    book = default_rulebook()
    with Ledger(store_url, now=lambda: datetime(2026, 6, 1, tzinfo=UTC)) as ledger:
        ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
        [card] = scorecards_for(ledger.store, 2025, book, date.today(), ["B07"])
        card["total"] = 99
        runner = Runner(ledger.store, Views(ledger.store))
        with runner.engine.begin() as connection:
            connection.execute(update(scorecards).values(card=json.dumps(card)))
        runner.close()
        report = audit(ledger.store, "B07", 2025)
    assert not report.matches
    assert report.differences[0].startswith("differs from the stored scorecard")
