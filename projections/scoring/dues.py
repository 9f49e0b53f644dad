"""Dues arithmetic: the official rates as data, and the member-month and branch-month views.

A member owes each month in which they are on the roster on its last day, at
the due of their latest dues base declared from that month or earlier. A
month with no base is a data gap, shown and never counted as zero. Payments
for several months split equally over them (spare fen to the earliest).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ledger.roster import Spell

FEN = Decimal("0.01")


class Bracket(BaseModel):
    """Up to ``up_to`` yuan of monthly income (inclusive; ``None``: no limit) pays ``rate``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    up_to: Decimal | None
    rate: Decimal


class DuesRates(BaseModel):
    """The dues standard (model.md): percentage brackets per category, a flat due, a cap."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    employed: list[Bracket]
    retired: list[Bracket]
    flat_due: Decimal = Field(ge=0)
    monthly_cap: Decimal = Field(ge=0)

    @field_validator("employed", "retired")
    @classmethod
    def _scorable(cls, brackets: list[Bracket]) -> list[Bracket]:
        """Refused here what :meth:`due` could not use: every income must fall in one bracket."""
        if not brackets:
            raise ValueError("at least one bracket is needed")
        if brackets[-1].up_to is not None:
            raise ValueError("the last bracket must be open-ended (up_to: null)")
        limits = [bracket.up_to for bracket in brackets[:-1]]
        if any(limit is None for limit in limits):
            raise ValueError("only the last bracket may be open-ended (up_to: null)")
        if any(later <= earlier for earlier, later in zip(limits, limits[1:], strict=False)):  # type: ignore[operator]
            raise ValueError("the brackets' up_to must increase")
        if any(not 0 <= bracket.rate <= 1 for bracket in brackets):
            raise ValueError("a rate must be between 0 and 1")
        return brackets

    def due(self, income: Decimal, category: str) -> Decimal:
        if category == "flat":
            return self.flat_due
        for bracket in self.employed if category == "employed" else self.retired:
            if bracket.up_to is None or income <= bracket.up_to:
                due = (income * bracket.rate).quantize(FEN, rounding=ROUND_HALF_UP)
                return min(due, self.monthly_cap)
        raise ValueError("the bracket table has no open-ended last bracket")


DEFAULT_RATES = DuesRates(
    employed=[Bracket(up_to=Decimal(3000), rate=Decimal("0.005")),
              Bracket(up_to=Decimal(5000), rate=Decimal("0.01")),
              Bracket(up_to=Decimal(10000), rate=Decimal("0.015")),
              Bracket(up_to=None, rate=Decimal("0.02"))],
    retired=[Bracket(up_to=Decimal(5000), rate=Decimal("0.005")),
             Bracket(up_to=None, rate=Decimal("0.01"))],
    flat_due=Decimal("0.20"),
    monthly_cap=Decimal(1000),
)


def month_end(month: str) -> date:
    year, number = int(month[:4]), int(month[5:])
    first_next = date(year + number // 12, number % 12 + 1, 1)
    return first_next - timedelta(days=1)


def months_of(year: int, through: date | None = None) -> list[str]:
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    if through is not None:
        months = [m for m in months if m <= f"{through.year:04d}-{through.month:02d}"]
    return months


@dataclass
class MemberMonth:
    member: str
    month: str
    due: Decimal | None  # None: no dues base (a data gap)
    paid: Decimal
    evidence: list[str] = field(default_factory=list)

    @property
    def short(self) -> Decimal:
        return max(Decimal(0), (self.due or Decimal(0)) - self.paid)


@dataclass
class BranchMonth:
    month: str
    collected: Decimal
    remitted: Decimal
    deadline: date  # the end of the following month
    remitted_late: bool
    withheld: Decimal  # collected but not remitted by the deadline (as of the day asked)
    evidence: list[str] = field(default_factory=list)


def paid_per_member_month(paid: list[Any]) -> dict[tuple[str, str], tuple[Decimal, list[str]]]:
    """(member, month) -> (paid, evidence) from share rows (``pj_dues_paid``: member, month, amount, entry_id)."""
    totals: dict[tuple[str, str], tuple[Decimal, list[str]]] = {}
    for row in paid:
        key = (row.member, row.month)
        amount, evidence = totals.get(key, (Decimal(0), []))
        evidence.append(row.entry_id)
        totals[key] = (amount + Decimal(row.amount), evidence)
    return totals


def member_months(spells: dict[str, list[Spell]], bases: list[Any], paid: list[Any],
                  months: list[str], rates: DuesRates = DEFAULT_RATES) -> list[MemberMonth]:
    """Due and paid per member-month (rows of ``pj_dues_bases`` and ``pj_dues_paid``)."""
    return owed_per_member_month(spells, bases, paid_per_member_month(paid), months, rates)


def owed_per_member_month(spells: dict[str, list[Spell]], bases: list[Any],
                          paid: dict[tuple[str, str], tuple[Decimal, list[str]]], months: list[str],
                          rates: DuesRates = DEFAULT_RATES) -> list[MemberMonth]:
    """Due and paid per member-month, month by month, members in code order.

    ``paid`` maps (member, month) to the amount paid and the payments' ids.
    """
    bases_of: dict[str, list[Any]] = defaultdict(list)
    for row in sorted(bases, key=lambda r: (r.from_month, r.date, r.entry_id)):
        bases_of[row.member].append(row)
    dues: dict[str, Decimal | None] = {}  # a base's entry id -> its due

    def due_of(base: Any) -> Decimal | None:
        if base.entry_id not in dues:
            dues[base.entry_id] = Decimal(base.monthly_due) if base.monthly_due is not None else rates.due(
                Decimal(base.monthly_income), base.category)
        return dues[base.entry_id]

    ends = [(month, month_end(month)) for month in months]
    by_month: dict[str, list[MemberMonth]] = {month: [] for month in months}
    nothing: tuple[Decimal, list[str]] = (Decimal(0), [])
    for member in sorted(spells):
        runs = spells[member]
        candidates = bases_of.get(member, ())
        stretches = [(run.start, run.end) for run in runs]
        for month, last_day in ends:
            for start, end in stretches:
                if start <= last_day and (end is None or last_day < end):
                    break
            else:
                continue  # not on the roster on the month's last day
            base = None
            for candidate in candidates:
                if candidate.from_month <= month:
                    base = candidate
            amount, evidence = paid.get((member, month), nothing)
            by_month[month].append(MemberMonth(member, month, None if base is None else due_of(base), amount,
                                               list(evidence)))
    return [row for month in months for row in by_month[month]]


def branch_months(paid: list[Any], remitted: list[Any], months: list[str], on: date) -> list[BranchMonth]:
    """Collected and remitted per month; late and withheld as of ``on``."""
    collected: dict[str, Decimal] = defaultdict(Decimal)
    for row in paid:
        collected[row.month] += Decimal(row.amount)
    return remittances(collected, remitted, months, on)


def remittances(collected: dict[str, Decimal], remitted: list[Any], months: list[str],
                on: date) -> list[BranchMonth]:
    """Per month: what was collected (given), remitted, late and withheld as of ``on``."""
    result = []
    zero = Decimal(0)
    for month in months:
        deadline = month_end(_next(month))
        those = [r for r in remitted if r.month == month]
        gathered = collected.get(month, zero)
        total = sum((Decimal(r.amount) for r in those), zero)
        # late: a remittance dated after the deadline; a month never remitted at all is
        # withholding, not lateness (rubric.md, "Edge semantics", M2)
        late = any(date.fromisoformat(r.remitted_on) > deadline for r in those)
        withheld = max(zero, gathered - total) if on > deadline else zero
        result.append(BranchMonth(month, gathered, total, deadline, late, withheld, [r.entry_id for r in those]))
    return result


def _next(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"
