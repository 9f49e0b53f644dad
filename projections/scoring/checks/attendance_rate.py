"""``attendance_rate``: each meeting of some kinds needs present ÷ expected ≥ ``min_rate``."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ledger.corrections import Fact
from projections.scoring.cards import Deduction
from projections.scoring.committee import committee_seats, expected_by_default
from projections.scoring.context import Context, Result, in_year
from projections.scoring.kind import CheckKind
from projections.scoring.params import Kind, Points, Rate, StrictModel


class AttendanceRate(StrictModel):
    """Each meeting of these kinds needs present ÷ expected ≥ ``min_rate``."""

    kind: Literal["attendance_rate"]
    meeting_kinds: list[Kind] = Field(min_length=1)
    min_rate: Rate
    excused_count_as_absent: bool = True
    deduct_per_meeting: Points


def meeting_rate(ctx: Context, fact: Fact, excused_absent: bool) -> tuple[int, int, bool]:
    """(present, expected, expected was the roster) for a meeting."""
    given = fact.data.get("expected")
    present = set(fact.data["present"])
    excused = set(fact.data.get("excused") or [])
    expected: set[str] | frozenset[str]
    if given is not None:
        expected = set(given)
    elif fact.data["kind"] == "branch_committee":  # the committee in office (rubric.md, "Edge semantics")
        seats = committee_seats(ctx.branch, ctx.of_type("CommitteeElected", "CommitteeMemberAdded"))
        expected = expected_by_default("branch_committee", fact.date, (), seats) | present | excused
    else:
        expected = ctx.roster_on(fact.date) | present | excused
    if not excused_absent:
        expected -= excused
    return len(present & expected), len(expected), given is None


def check_attendance(ctx: Context, check: AttendanceRate) -> Result:
    """Deducts ``deduct_per_meeting`` for each meeting of the kinds held below the rate."""
    kinds = {k.value if hasattr(k, "value") else k for k in check.meeting_kinds}
    deductions, checked = [], 0
    for fact in ctx.of_type("MeetingHeld"):
        if not in_year(fact, ctx.year) or fact.data["kind"] not in kinds:
            continue
        checked += 1
        present, expected, _ = meeting_rate(ctx, fact, check.excused_count_as_absent)
        if expected == 0:
            ctx.gaps.append(f"{fact.entry_id}: meeting on {fact.date} with nobody expected")
            continue
        if Decimal(present) < check.min_rate * expected:
            deductions.append(Deduction(check.deduct_per_meeting,
                                        f"{fact.data['kind']} on {fact.date}: {present}/{expected} present "
                                        f"({present / expected:.0%} < {check.min_rate:.0%})",
                                        fact.date.isoformat(), [fact.entry_id]))
    return deductions, f"{checked} meetings checked, {len(deductions)} below"


KIND = CheckKind("attendance_rate", AttendanceRate, check_attendance)
