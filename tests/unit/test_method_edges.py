"""The method's edge semantics (rubric.md, "Edge semantics"), computed by hand, against the engine alone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.unit.histories import BRANCH, card_of, deducted_by, member


def dues_year(remitted: dict[str, str]) -> list[dict[str, Any]]:
    """One member owing 10 a month in 2025, paying each month; remittances as given (month -> date)."""
    entries = [*BRANCH, member("P01"),
               {"type": "DuesBaseDeclared", "date": "2025-01-01", "member": "P01", "from_month": "2025-01",
                "monthly_due": "10"}]
    for month in range(1, 13):
        entries.append({"type": "DuesPaid", "date": f"2025-{month:02d}-05", "member": "P01",
                        "months": [f"2025-{month:02d}"], "amount": "10"})
    for month, day in remitted.items():
        entries.append({"type": "DuesRemitted", "date": day, "month": month, "amount": "10"})
    return entries


ON_TIME = {f"2025-{m:02d}": f"2025-{m:02d}-20" for m in range(1, 13)}


def test_dues_remitted_on_time_every_month_cost_nothing() -> None:
    card = card_of(dues_year(ON_TIME), 2025, "2026-03-01")
    assert deducted_by(card, "M2", "dues") == 0


def test_three_months_never_remitted_cost_the_five_for_withholding_once_and_nothing_for_lateness() -> None:
    remitted = {m: d for m, d in ON_TIME.items() if m < "2025-10"}
    card = card_of(dues_year(remitted), 2025, "2026-03-01")
    assert deducted_by(card, "M2", "dues") == Decimal(5)


def test_a_month_remitted_after_the_end_of_the_next_month_costs_one() -> None:
    remitted = {**ON_TIME, "2025-10": "2025-12-15"}  # October's deadline is 30 November
    card = card_of(dues_year(remitted), 2025, "2026-03-01")
    assert deducted_by(card, "M2", "dues") == Decimal(1)


def test_a_month_remitted_only_in_part_on_time_costs_the_withholding_only() -> None:
    entries = dues_year({m: d for m, d in ON_TIME.items() if m != "2025-10"})
    entries.append({"type": "DuesRemitted", "date": "2025-10-20", "month": "2025-10", "amount": "0.01"})
    assert deducted_by(card_of(entries, 2025, "2026-03-01"), "M2", "dues") == Decimal(5)


def admission(designated: str, admitted: str) -> list[dict[str, Any]]:
    """A person designated an activist, noticed for five working days, admitted; nothing else of M3."""
    return [*BRANCH, member("P01"),
            {"type": "ActivistDesignated", "date": designated, "person": "X1"},
            {"type": "PublicNoticePosted", "date": "2024-02-05", "person": "X1", "last_day": "2024-02-16"},
            {"type": "MemberAdmitted", "date": admitted, "person": "X1", "member": "P02", "name": "X1"}]


def test_an_activist_designated_a_calendar_year_before_admission_costs_nothing() -> None:
    card = card_of(admission("2023-03-01", "2024-03-01"), 2024, "2025-03-01")
    assert deducted_by(card, "M3", "deadline activist_tenure") == 0


def test_an_activist_of_365_days_but_less_than_a_calendar_year_costs_three() -> None:
    # 2023-03-02 to 2024-03-01 is 365 days (2024 is a leap year), one day short of a calendar year
    card = card_of(admission("2023-03-02", "2024-03-01"), 2024, "2025-03-01")
    assert deducted_by(card, "M3", "deadline activist_tenure") == Decimal(3)


def test_an_admitted_person_never_designated_an_activist_costs_three() -> None:
    entries = [e for e in admission("2023-01-01", "2024-03-01") if e["type"] != "ActivistDesignated"]
    assert deducted_by(card_of(entries, 2024, "2025-03-01"), "M3", "deadline activist_tenure") == Decimal(3)


def test_a_person_designated_twice_and_never_trained_costs_one_once() -> None:
    entries = [*BRANCH, member("P01"),
               {"type": "ActivistDesignated", "date": "2024-03-01", "person": "X1"},
               {"type": "ActivistDesignated", "date": "2024-05-01", "person": "X1"},
               {"type": "ActivistListReported", "date": "2024-06-01", "year": 2024}]
    card = card_of(entries, 2024, "2025-03-01")
    assert deducted_by(card, "M5", "untrained_activists") == Decimal(1)


def test_two_persons_designated_and_never_trained_cost_one_each() -> None:
    entries = [*BRANCH, member("P01"),
               {"type": "ActivistDesignated", "date": "2024-03-01", "person": "X1"},
               {"type": "ActivistDesignated", "date": "2024-03-01", "person": "X2"},
               {"type": "ActivistListReported", "date": "2024-06-01", "year": 2024}]
    assert deducted_by(card_of(entries, 2024, "2025-03-01"), "M5", "untrained_activists") == Decimal(2)


def probation(converted: str, extended_months: int | None) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = [
        *BRANCH, member("P01"),
        {"type": "MemberRegistered", "date": "2024-03-10", "member": "P02", "name": "P02", "status": "probationary",
         "admitted_on": "2024-03-10"}]
    if extended_months is not None:
        entries.append({"type": "ProbationExtended", "date": "2025-03-01", "member": "P02",
                        "months": extended_months})
    entries.append({"type": "ProbationaryMemberConverted", "date": converted, "member": "P02"})
    return entries


def test_a_conversion_within_thirty_days_of_the_probation_end_costs_nothing() -> None:
    card = card_of(probation("2025-04-01", None), 2025, "2026-03-01")
    assert deducted_by(card, "M1", "deadline conversion") == 0


def test_a_conversion_six_months_after_the_year_of_probation_costs_one() -> None:
    card = card_of(probation("2025-09-20", None), 2025, "2026-03-01")
    assert deducted_by(card, "M1", "deadline conversion") == Decimal(1)


def test_an_extended_probation_is_measured_from_its_extended_end() -> None:
    # admitted 2024-03-10, extended by 6 months: the probation ends 2025-09-10; converted 10 days later
    card = card_of(probation("2025-09-20", 6), 2025, "2026-03-01")
    assert deducted_by(card, "M1", "deadline conversion") == 0


def test_an_extended_probation_converted_long_after_its_extended_end_costs_one() -> None:
    card = card_of(probation("2025-12-20", 6), 2025, "2026-03-01")
    assert deducted_by(card, "M1", "deadline conversion") == Decimal(1)


def test_a_finding_counts_for_the_year_it_names_whatever_its_date() -> None:
    entries = [*BRANCH, member("P01"),
               {"type": "FindingRecorded", "date": "2025-06-01", "year": 2023, "item": "L5", "deduction": "2",
                "reason": "台帐不全"}]
    card = card_of(entries, 2023, "2025-07-01")
    assert deducted_by(card, "L5", "findings") == Decimal(2)


def test_a_committee_meeting_naming_nobody_is_measured_against_the_committee_in_office() -> None:
    from datetime import date

    from ledger.roster import derive_spells
    from projections.scoring.checks.attendance_rate import meeting_rate
    from projections.scoring.context import Context
    from projections.scoring.rulebook import default_rulebook
    from tests.unit.histories import facts_of

    facts = facts_of([*BRANCH, member("P01"), member("P02"), member("P03"),
                      {"type": "CommitteeElected", "date": "2024-01-10", "term_years": 3,
                       "members": [{"member": "P01", "role": "secretary"}, {"member": "P02", "role": "member"}]},
                      {"type": "MeetingHeld", "date": "2025-03-01", "kind": "branch_committee", "topic": "研究",
                       "present": ["P01"]},
                      {"type": "MeetingHeld", "date": "2025-03-02", "kind": "party_group", "topic": "学习",
                       "present": ["P01"]}])
    ctx = Context("B01", 2025, facts, derive_spells(facts), default_rulebook(), date(2026, 3, 1), [])
    committee, group = [f for f in facts if f.type == "MeetingHeld"]
    assert meeting_rate(ctx, committee, True)[:2] == (1, 2)
    assert meeting_rate(ctx, group, True)[:2] == (1, 3)
