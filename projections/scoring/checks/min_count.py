"""``min_count``: at least ``min`` matching entries per period of the year; deduct per missing one."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from pydantic import Field

from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result, in_year, matches, period_of, periods
from projections.scoring.kind import CheckKind, Expectation, open_deductions
from projections.scoring.params import EntryCheck, Points


class MinCount(EntryCheck):
    """At least ``min`` matching entries per period of the year; deduct per missing one."""

    kind: Literal["min_count"]
    period: Literal["year", "half", "quarter", "month"] = "year"
    period_field: str | None = Field(None, description="Take the period (YYYY-Qn) from this field.")
    min: int = Field(ge=1)
    deduct_per_missing: Points


def check_min_count(ctx: Context, check: MinCount) -> Result:
    """Counts matching entries per period (by date, or by ``period_field``); deducts per missing one."""
    counted: dict[str, list[str]] = defaultdict(list)
    for fact in ctx.of_type(check.entry):
        if not matches(fact, check):
            continue
        if check.period_field:
            period = str(fact.data.get(check.period_field))
        elif in_year(fact, ctx.year):
            period = period_of(fact.date, check.period)
        else:
            continue
        counted[period].append(fact.entry_id)
    deductions, seen = [], []
    for period in periods(ctx.year, check.period):
        have = len(counted.get(period, []))
        seen.append(f"{period}: {have}/{check.min}")
        if have < check.min:
            missing = check.min - have
            deductions.append(Deduction(check.deduct_per_missing * missing,
                                        f"{have} of {check.min} required ({missing} missing)", period,
                                        counted.get(period, [])))
    return deductions, "; ".join(seen)


def expect_min_count(ctx: Context, check: MinCount) -> list[Expectation]:
    """The entries still missing in each period not yet over (any period, when counted by ``period_field``)."""
    return open_deductions(check_min_count, late_still_counts=check.period_field is not None)(ctx, check)


KIND = CheckKind("min_count", MinCount, check_min_count, expect_min_count)
