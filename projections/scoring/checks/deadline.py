"""``deadline``: each case must be completed within ``days``; one small function per case.

The cases: ``transfer`` (transfer in/out within ``days`` of the request),
``conversion`` (a probationary member converted within ``days`` of the end of
probation), ``violation_report`` (reported within ``days`` of discovery),
``public_notice`` (a notice of at least ``days`` before each admission) and
``activist_tenure`` (an activist for at least ``days`` before admission).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from ledger.values import add_years, probation_end
from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result, as_date, in_year
from projections.scoring.kind import CheckKind, Expectation
from projections.scoring.params import Points, StrictModel

Case = Literal["transfer", "conversion", "violation_report", "public_notice", "activist_tenure"]


class Deadline(StrictModel):
    """Each case must be completed within ``days`` (see docs/rulebook.md for the cases)."""

    kind: Literal["deadline"]
    case: Case
    days: int = Field(ge=0)
    working_days: bool = False
    deduct_each: Points


def transfer(ctx: Context, check: Deadline) -> list[Deduction]:
    """Each transfer in or out dated in the year that took more than ``days`` after its request."""
    found = []
    for fact in ctx.of_type("MemberTransferredIn", "MemberTransferredOut"):
        took = (fact.date - as_date(fact.data["requested_on"])).days
        if in_year(fact, ctx.year) and took > check.days:
            found.append(Deduction(check.deduct_each, f"{fact.data['member']}: transfer took {took} "
                                   f"days (> {check.days})", fact.date.isoformat(), [fact.entry_id]))
    return found


def conversion(ctx: Context, check: Deadline) -> list[Deduction]:
    """Each probationary member converted late in the year, or not converted by its end."""
    found = []
    year_end = date(ctx.year, 12, 31)
    for member, runs in sorted(ctx.spells.items()):
        for spell in runs:
            if spell.initial_status != "probationary" or spell.admitted_on is None:
                continue
            ends = probation_end(spell.admitted_on, extension_months(ctx, member, spell.start))
            if spell.converted_on is not None and spell.converted_on.year == ctx.year:
                late = (spell.converted_on - ends).days
                if late > check.days:
                    found.append(Deduction(
                        check.deduct_each, f"{member}: converted {spell.converted_on}, {late} days after "
                        f"the probation ended {ends}", spell.converted_on.isoformat(),
                        _entries(ctx, member, "ProbationaryMemberConverted")))
            elif ((spell.converted_on is None or spell.converted_on > year_end)
                  and ends < date(ctx.year, 12, 1) and spell.start <= year_end
                  and (spell.end is None or spell.end > year_end)):
                found.append(Deduction(check.deduct_each, f"{member}: probation ended {ends}, "
                                       f"not converted by {year_end}", str(ctx.year), [spell.joined_entry]))
    return found


def extension_months(ctx: Context, member: str, since: date) -> int:
    """The months a member's probation was extended by (ProbationExtended on or after ``since``), or 0."""
    return sum(int(f.data["months"]) for f in ctx.of_type("ProbationExtended")
               if f.data["member"] == member and f.date >= since)


def violation_report(ctx: Context, check: Deadline) -> list[Deduction]:
    """Each violation reported in the year more than ``days`` after its discovery."""
    found = []
    for fact in ctx.of_type("ViolationReported"):
        took = (fact.date - as_date(fact.data["discovered_on"])).days
        if in_year(fact, ctx.year) and took > check.days:
            found.append(Deduction(check.deduct_each, f"violation reported {took} days after its "
                                   f"discovery (> {check.days})", fact.date.isoformat(), [fact.entry_id]))
    return found


def _working_days(first: date, last: date) -> int:
    return sum(1 for n in range((last - first).days + 1) if (first + timedelta(days=n)).weekday() < 5)


def public_notice(ctx: Context, check: Deadline) -> list[Deduction]:
    """Each admission in the year without a public notice of ``days`` (working days) ended before it."""
    found = []
    for admitted in ctx.of_type("MemberAdmitted"):
        if not in_year(admitted, ctx.year):
            continue
        person = admitted.data["person"]
        notices = [n for n in ctx.of_type("PublicNoticePosted") if n.data["person"] == person
                   and as_date(n.data["last_day"]) < admitted.date]
        long_enough = [n for n in notices if (
            _working_days(n.date, as_date(n.data["last_day"])) if check.working_days
            else (as_date(n.data["last_day"]) - n.date).days + 1) >= check.days]
        if not long_enough:
            unit = "working days" if check.working_days else "days"
            found.append(Deduction(check.deduct_each, f"{person} admitted {admitted.date} without "
                                   f"a public notice of {check.days} {unit} before it", admitted.date.isoformat(),
                                   [admitted.entry_id, *(n.entry_id for n in notices)]))
    return found


def tenure_end(designated: date, days: int) -> date:
    """The first day an activist designated on ``designated`` has served ``days``.

    A whole number of years of days (365, 730 …) means that many calendar
    years (rubric.md, "Edge semantics": "one year" is a calendar year, never
    365 days): designated 2023-03-02, one year is reached on 2024-03-02.
    """
    if days and days % 365 == 0:
        return add_years(designated, days // 365)
    return designated + timedelta(days=days)


def activist_tenure(ctx: Context, check: Deadline) -> list[Deduction]:
    """Each admission in the year of a person an activist for less than ``days`` (or never)."""
    found = []
    for admitted in ctx.of_type("MemberAdmitted"):
        if not in_year(admitted, ctx.year):
            continue
        person = admitted.data["person"]
        designated = [d for d in ctx.of_type("ActivistDesignated") if d.data["person"] == person]
        earliest = min((d.date for d in designated), default=None)
        if earliest is None or admitted.date < tenure_end(earliest, check.days):
            since = f"an activist since {earliest}" if earliest else "never designated an activist"
            found.append(Deduction(check.deduct_each, f"{person} admitted {admitted.date}, {since} "
                                   f"(< {check.days} days)", admitted.date.isoformat(),
                                   [admitted.entry_id, *(d.entry_id for d in designated)]))
    return found


CASES: dict[str, Callable[[Context, Deadline], list[Deduction]]] = {
    "transfer": transfer, "conversion": conversion, "violation_report": violation_report,
    "public_notice": public_notice, "activist_tenure": activist_tenure,
}


def check_deadline(ctx: Context, check: Deadline) -> Result:
    """Runs the check's case (one of :data:`CASES`)."""
    deductions = CASES[check.case](ctx, check)
    return deductions, f"{len(deductions)} late or missing"


def _entries(ctx: Context, member: str, kind: str) -> list[str]:
    return [f.entry_id for f in ctx.of_type(kind) if f.data.get("member") == member]


PROBATION_WARNING_DAYS = 60


def expect_deadline(ctx: Context, check: Deadline) -> list[Expectation]:
    """Conversions: each probation ending within 60 days (or ended), due ``days`` after its end.

    The other cases expect nothing ahead: they judge what was done (a transfer,
    a report, an admission) when it is recorded.
    """
    if check.case != "conversion" or ctx.year != ctx.as_of.year:
        return []
    on = ctx.as_of
    found = []
    for member, runs in sorted(ctx.spells.items()):
        current = next((s for s in runs if s.contains(on)), None)
        if current is None or current.status_on(on) != "probationary" or current.admitted_on is None:
            continue
        ends = probation_end(current.admitted_on, extension_months(ctx, member, current.start))
        due = ends + timedelta(days=check.days)
        if (ends - on).days <= PROBATION_WARNING_DAYS:
            found.append(Expectation(due, f"convert probationary member {member} (probation ends {ends})", due < on))
    return found


KIND = CheckKind("deadline", Deadline, check_deadline, expect_deadline)
