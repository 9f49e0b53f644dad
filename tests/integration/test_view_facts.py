"""Scoring from the views equals scoring from the event store (a law, over generated ledgers).

``score`` and ``rules diff`` read a year's facts from the read models;
``audit`` reads them from the event store alone. Both must give the same
facts — entries in effect, corrections applied, payments split as recorded —
and so the same scorecards, digest for digest.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.application import Ledger
from ledger.sample import generate
from projections.assessment import branches_of, score_all
from projections.facts import branch_facts
from projections.rulebook import default_rulebook
from projections.runner import reading
from projections.scoring import score
from projections.view_facts import view_facts
from tests.conftest import FIXED_NOW

ON = date(2026, 6, 1)


def awkward_payments(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Payments for several months whose amount does not split evenly, one corrected, one retracted."""
    member = next(e["member"] for e in history if e["type"] == "MemberRegistered")
    branch = next(e["branch"] for e in history if e["type"] == "MemberRegistered")
    return [
        {"type": "DuesPaid", "id": "odd-1", "branch": branch, "date": "2025-04-03", "member": member,
         "months": ["2025-03", "2025-01", "2025-02"], "amount": "100.00"},
        {"type": "DuesPaid", "id": "odd-2", "branch": branch, "date": "2025-12-30", "member": member,
         "months": ["2025-12", "2026-01"], "amount": "30.01"},
        {"type": "EntryCorrected", "id": "odd-3", "branch": branch, "date": "2026-01-10", "target": "odd-2",
         "reason": "two months, not one", "replacement": {
             "type": "DuesPaid", "branch": branch, "date": "2025-12-30", "member": member,
             "months": ["2025-11", "2025-12", "2026-01"], "amount": "45.02"}},
        {"type": "DuesPaid", "id": "odd-4", "branch": branch, "date": "2025-05-03", "member": member,
         "months": ["2025-05", "2025-06"], "amount": "40.00"},
        {"type": "EntryRetracted", "id": "odd-5", "branch": branch, "date": "2025-05-04", "target": "odd-4",
         "reason": "recorded twice"},
    ]


def both_ways(ledger: Ledger, year: int) -> None:
    codes = branches_of(ledger.store)  # catches the views up
    book = default_rulebook()
    with reading(ledger.store) as connection:
        from_views = view_facts(connection, codes, year)
    for code in codes:
        from_store = sorted(branch_facts(ledger.store, code, through_year=year), key=lambda fact: fact.seq)
        assert from_views[code] == from_store, code
    expected = [score(code, branch_facts(ledger.store, code, through_year=year), book, year, ON) for code in codes]
    assert [card.to_json(trace=True) for card in score_all(ledger.store, year, book, ON, codes)] == \
        [card.to_json(trace=True) for card in expected]


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), branches=st.integers(1, 3), years=st.integers(1, 3))
def test_the_views_give_the_facts_and_scorecards_the_store_gives(new_store_url: Any, seed: int, branches: int,
                                                                 years: int) -> None:
    history = list(generate(branches, 5, 2024, years=years, seed=seed, until=FIXED_NOW.date()))
    history += awkward_payments(history)
    with Ledger(new_store_url("sqlite"), now=lambda: FIXED_NOW, user="law") as ledger:
        ledger.import_lines(lambda: [json.dumps(e, ensure_ascii=False) for e in history])
        for year in range(2024 - years + 1, 2026):
            both_ways(ledger, year)


def test_the_views_give_the_facts_the_store_gives_on_postgres_too(new_store_url: Any) -> None:
    history = list(generate(2, 5, 2024, years=2, seed=7, until=FIXED_NOW.date()))
    history += awkward_payments(history)
    with Ledger(new_store_url("postgres"), now=lambda: FIXED_NOW, user="law") as ledger:
        ledger.import_lines(lambda: [json.dumps(e, ensure_ascii=False) for e in history])
        both_ways(ledger, 2025)


def test_entries_two_years_away_do_not_count(ledger: Ledger) -> None:
    """A year is scored from the entries of the year before, the year and the year after."""
    history = list(generate(1, 4, 2025, years=3, seed=3, until=FIXED_NOW.date()))
    ledger.import_lines(lambda: [json.dumps(e, ensure_ascii=False) for e in history])
    code = history[0]["branch"]
    assert {int(e["date"][:4]) for e in history if e["type"] == "MeetingHeld"} == {2023, 2024, 2025}
    years = {fact.date.year for fact in branch_facts(ledger.store, code, through_year=2025)
             if fact.type == "MeetingHeld"}
    assert years == {2024, 2025}
