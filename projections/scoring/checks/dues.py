"""``dues``: member-months paid short, months remitted late, dues withheld."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from ledger.corrections import Fact
from ledger.values import split_amount
from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result
from projections.scoring.dues import month_end, months_of, owed_per_member_month, remittances
from projections.scoring.kind import CheckKind, Expectation
from projections.scoring.params import Points, StrictModel


class Dues(StrictModel):
    """Dues: short member-months, late remittances, withholding."""

    kind: Literal["dues"]
    per_member_month_short: Points
    per_late_month: Points
    withholding_once: Points


class _Row:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


def check_dues(ctx: Context, check: Dues) -> Result:
    """Deducts per member-month paid short, per month remitted late, and once for any withholding."""
    bases = _bases(ctx)
    months = months_of(ctx.year)
    paid, collected = payments(ctx.of_type("DuesPaid"), set(months))
    remitted = _remitted(ctx)
    deductions = []
    owed = owed_per_member_month(ctx.spells, bases, paid, months, ctx.book.dues)
    for row in owed:
        if row.due is None:
            ctx.gaps.append(f"{row.member} {row.month}: on the roster with no dues base")
        elif row.short > 0:
            deductions.append(Deduction(check.per_member_month_short,
                                        f"{row.member} {row.month}: paid {row.paid} of {row.due}",
                                        row.month, row.evidence))
    withheld = []
    for month in remittances(collected, remitted, months, ctx.as_of):
        if month.deadline >= ctx.as_of:
            continue
        if month.remitted_late and month.collected > 0:
            deductions.append(Deduction(check.per_late_month, f"{month.month}: collected {month.collected} "
                                        f"remitted after {month.deadline}", month.month, month.evidence))
        if month.withheld > 0:
            withheld.append(month)
    if withheld:
        deductions.append(Deduction(check.withholding_once, "dues withheld: " + ", ".join(
            f"{m.month} {m.withheld} of {m.collected}" for m in withheld), str(ctx.year),
            [e for m in withheld for e in m.evidence]))
    return deductions, f"{len(owed)} member-months, {sum(1 for r in owed if r.due is None)} without a base"


def payments(facts: list[Fact], months: set[str]) -> tuple[
        dict[tuple[str, str], tuple[Decimal, list[str]]], dict[str, Decimal]]:
    """Paid per (member, month) with the payments' ids, and collected per month, for some months."""
    paid: dict[tuple[str, str], tuple[Decimal, list[str]]] = {}
    collected: dict[str, Decimal] = {}
    zero = Decimal(0)
    for fact in facts:
        named = fact.data["months"]
        shares = ((named[0], Decimal(fact.data["amount"])),) if len(named) == 1 else tuple(
            zip(named, split_amount(fact.data["amount"], len(named)), strict=True))
        member = fact.data["member"]
        for month, share in shares:
            if month not in months:
                continue
            amount, evidence = paid.get((member, month), (zero, []))
            evidence.append(fact.entry_id)
            paid[(member, month)] = (amount + share, evidence)
            collected[month] = collected.get(month, zero) + share
    return paid, collected


def expect_dues(ctx: Context, check: Dues) -> list[Expectation]:
    """Dues owed (this year and arrears from the year before) and collections still to remit.

    A member's unpaid months up to the current one are due at the end of the
    earliest of them; a month's collected dues not yet remitted in full are due
    by the end of the following month.
    """
    if ctx.year != ctx.as_of.year:
        return []  # about today, not about an earlier year
    on = ctx.as_of
    months = [m for m in months_of(ctx.year - 1) + months_of(ctx.year) if m <= f"{on.year:04d}-{on.month:02d}"]
    bases = _bases(ctx)
    paid, collected = payments(ctx.of_type("DuesPaid"), set(months))
    owed: dict[str, list[str]] = {}
    for row in owed_per_member_month(ctx.spells, bases, paid, months, ctx.book.dues):
        if row.due is not None and row.short > 0:
            owed.setdefault(row.member, []).append(row.month)
    found = []
    for member, unpaid in sorted(owed.items()):
        due = month_end(unpaid[0])
        found.append(Expectation(due, f"{member} owes dues for {len(unpaid)} month(s): {', '.join(unpaid)}",
                                 due < on))
    remitted = _remitted(ctx)
    for month in remittances(collected, remitted, months, on):
        missing = month.collected - month.remitted
        if missing > 0:
            found.append(Expectation(month.deadline, f"remit {missing} of {month.month}'s dues "
                                     f"(collected {month.collected})", month.deadline < on))
    return found


def _bases(ctx: Context) -> list[_Row]:
    return [_Row(entry_id=f.entry_id, member=f.data["member"], from_month=f.data["from_month"],
                 date=f.date.isoformat(), monthly_due=f.data.get("monthly_due"),
                 monthly_income=f.data.get("monthly_income"), category=f.data.get("category", "employed"))
            for f in ctx.of_type("DuesBaseDeclared")]


def _remitted(ctx: Context) -> list[_Row]:
    return [_Row(entry_id=f.entry_id, month=f.data["month"], amount=f.data["amount"],
                 remitted_on=f.date.isoformat()) for f in ctx.of_type("DuesRemitted")]


KIND = CheckKind("dues", Dues, check_dues, expect_dues)
