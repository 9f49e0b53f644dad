"""The views of the troubled example, as its README describes them, on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application import Ledger
from projections import queries
from projections.dues import branch_months, member_months, months_of
from projections.obligations import obligations
from projections.runner import reading
from tests.conftest import import_example
from tests.integration.views_helpers import runner


@pytest.fixture
def troubled(ledger: Ledger) -> Ledger:
    import_example(ledger, "troubled-branch-2025")
    runner(ledger.store).catch_up()
    return ledger


def test_p11_is_on_the_roster_from_the_day_of_the_transfer(troubled: Ledger) -> None:
    with reading(troubled.store) as connection:
        before = [r.member for r in queries.roster(connection, "B07", date(2025, 5, 9))]
        after = [r.member for r in queries.roster(connection, "B07", date(2025, 5, 10))]
    assert "P11" not in before and "P11" in after


def test_p12_is_probationary_from_admission_and_p10_converted_on_may_15(troubled: Ledger) -> None:
    with reading(troubled.store) as connection:
        on_day = {r.member: r for r in queries.roster(connection, "B07", date(2025, 7, 1))}
        day_before = {r.member for r in queries.roster(connection, "B07", date(2025, 6, 30))}
        p10_before = {r.member: r for r in queries.roster(connection, "B07", date(2025, 5, 14))}["P10"]
        p10_after = {r.member: r for r in queries.roster(connection, "B07", date(2025, 5, 15))}["P10"]
    assert on_day["P12"].status == "probationary" and on_day["P12"].admitted_on == "2025-07-01"
    assert "P12" not in day_before
    assert (p10_before.status, p10_after.status, p10_after.converted_on) == (
        "probationary", "full", "2025-05-15")


def test_the_march_theory_study_was_attended_by_60_percent(troubled: Ledger) -> None:
    with reading(troubled.store) as connection:
        held = {m.date: m for m in queries.meetings_of(connection, "B07", 2025)
                if m.kind == "theory_study"}
    march = held["2025-03-05"]
    assert march.rate == pytest.approx(0.6) and march.attended == "6/10"
    # after P11 and P12 joined, the default roster is twelve
    assert len(held["2025-07-05"].expected) == 12


def test_committee_roles_come_from_the_election(troubled: Ledger) -> None:
    with reading(troubled.store) as connection:
        roles = {r.member: r.role for r in queries.roster(connection, "B07", date(2025, 6, 1))}
    assert roles["P01"] == "secretary" and roles["P06"] is None


def test_dues_are_paid_and_remitted_in_full(troubled: Ledger) -> None:
    with reading(troubled.store) as connection:
        spells = queries.branch_spells(connection, "B07")
        bases, paid, remitted = queries.dues_rows(connection, "B07")
    months = months_of(2025)
    owed = member_months(spells, bases, paid, months)
    assert all(row.due is not None and row.short == 0 for row in owed)
    p11 = [(row.month, str(row.due), str(row.paid)) for row in owed if row.member == "P11"]
    assert p11[0] == ("2025-05", "30.00", "30.00") and len(p11) == 8
    assert len(owed) == 10 * 12 + 8 + 6
    remits = branch_months(paid, remitted, months, date(2026, 6, 1))
    assert [str(m.collected) for m in remits][4:7] == ["230.00", "230.00", "240.00"]
    assert all(not month.remitted_late and month.withheld == 0 for month in remits)


def test_the_work_ledger_lists_the_year_in_date_order_with_categories(troubled: Ledger) -> None:
    with reading(troubled.store) as connection:
        rows = queries.work_ledger(connection, troubled.store, "B07", 2025, lang="en")
    assert [r.date for r in rows] == sorted(r.date for r in rows)
    theory = next(r for r in rows if r.entry_id == "B07-0039")
    assert theory.category == "I" and theory.description.startswith("theory study")
    assert {r.category for r in rows} == {"L", "O", "I", "S", "M"}
    finding = next(r for r in rows if r.type == "FindingRecorded")
    assert finding.category == "L"


def test_obligations_name_the_items_they_would_cost(troubled: Ledger) -> None:
    with reading(troubled.store) as connection:
        ahead = obligations(connection, troubled.store, "B07", date(2025, 6, 15))
    items = {(o.item, o.what) for o in ahead}
    assert ("I1", "2025: P11: 0 of 1 (236 days on the roster)") in items  # transferred in on 9 May
    assert not any(o.item == "M1" for o in ahead)  # no probation ends within 60 days of 15 June 2025
    assert not any(o.item == "O2" for o in ahead)  # the Q2 committee meeting was held in May


def test_a_probation_ending_within_sixty_days_is_an_m1_obligation(troubled: Ledger) -> None:
    with reading(troubled.store) as connection:
        ahead = obligations(connection, troubled.store, "B07", date(2026, 5, 15))
    conversions = [(o.item, o.due_on, o.what) for o in ahead if o.item == "M1"]
    # P12 was admitted on 2025-07-01: the probation ends 2026-07-01, due converted within 30 days
    assert conversions == [("M1", date(2026, 7, 31), "convert probationary member P12 (probation ends 2026-07-01)")]
