"""Dues arithmetic: brackets, splits, gaps, late and withheld remittances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from ledger.roster import Spell
from projections.dues import DEFAULT_RATES, branch_months, member_months
from projections.views import split_amount


def spell(member: str, start: str, end: str | None = None) -> dict[str, list[Spell]]:
    return {member: [Spell(member, member, date.fromisoformat(start),
                           date.fromisoformat(end) if end else None, "full", None)]}


def row(**fields: object) -> SimpleNamespace:
    return SimpleNamespace(**fields)


def test_the_official_brackets_include_their_upper_bounds() -> None:
    assert DEFAULT_RATES.due(Decimal("3000"), "employed") == Decimal("15.00")
    assert DEFAULT_RATES.due(Decimal("3000.01"), "employed") == Decimal("30.00")
    assert DEFAULT_RATES.due(Decimal("12345.67"), "employed") == Decimal("246.91")
    assert DEFAULT_RATES.due(Decimal("5000"), "retired") == Decimal("25.00")
    assert DEFAULT_RATES.due(Decimal("80000"), "employed") == Decimal("1000")  # the cap
    assert DEFAULT_RATES.due(Decimal("0"), "flat") == Decimal("0.20")


def test_a_payment_splits_equally_with_spare_fen_to_the_earliest_months() -> None:
    assert split_amount("100.00", 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(split_amount("0.05", 2)) == Decimal("0.05")


def test_a_member_month_without_a_base_is_a_gap_not_a_zero() -> None:
    owed = member_months(spell("P1", "2025-01-01"), [
        row(member="P1", from_month="2025-03", date="2025-03-01", entry_id="b", monthly_due="20.00",
            monthly_income=None, category="employed")], [], ["2025-02", "2025-03"])
    assert [(m.month, m.due) for m in owed] == [("2025-02", None), ("2025-03", Decimal("20.00"))]
    assert owed[1].short == Decimal("20.00")


def test_only_members_on_the_roster_on_the_last_day_owe_the_month() -> None:
    roster = {**spell("P1", "2025-01-10"), **spell("P2", "2024-01-01", "2025-01-31")}
    owed = member_months(roster, [], [], ["2025-01"])
    assert [m.member for m in owed] == ["P1"]


def test_late_and_withheld_remittances() -> None:
    paid = [row(member="P1", month="2025-01", amount="20.00", entry_id="p")]
    late = branch_months(paid, [row(month="2025-01", amount="20.00", remitted_on="2025-03-01",
                                    entry_id="r")], ["2025-01"], date(2025, 6, 1))[0]
    assert late.remitted_late and late.withheld == 0 and late.deadline == date(2025, 2, 28)
    short = branch_months(paid, [row(month="2025-01", amount="15.00", remitted_on="2025-02-05",
                                     entry_id="r")], ["2025-01"], date(2025, 6, 1))[0]
    assert not short.remitted_late and short.withheld == Decimal("5.00")
    pending = branch_months(paid, [], ["2025-01"], date(2025, 2, 10))[0]
    assert not pending.remitted_late and pending.withheld == 0  # not yet due
