"""``required``: at least one matching entry for the year; deduct once if none (or none on time)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result, as_date, in_year, matches
from projections.scoring.kind import CheckKind, Expectation, open_deductions
from projections.scoring.params import EntryCheck, Points


class Required(EntryCheck):
    """At least one matching entry for the year; deduct once if none."""

    kind: Literal["required"]
    year_field: str | None = Field(None, description="Match the year on this field instead of the date.")
    on_time_field: str | None = Field(None, description="The entry's date must not be after this field.")
    deduct: Points


def check_required(ctx: Context, check: Required) -> Result:
    """Deducts ``deduct`` once when no matching entry counts for the year, or none was on time."""
    found = []
    for fact in ctx.of_type(check.entry):
        if not matches(fact, check):
            continue
        counts = fact.data.get(check.year_field) == ctx.year if check.year_field else in_year(fact, ctx.year)
        if counts:
            found.append(fact)
    if not found:
        return [Deduction(check.deduct, f"no {check.entry} matching {check.where or 'the rule'} for {ctx.year}",
                          str(ctx.year))], "none found"
    if check.on_time_field:
        on_time = [f for f in found if f.date <= as_date(f.data[check.on_time_field])]
        if not on_time:
            first = min(found, key=lambda f: f.date)
            return [Deduction(check.deduct, f"{check.entry} recorded {first.date}, after its "
                              f"{check.on_time_field} {first.data[check.on_time_field]}", str(ctx.year),
                              [f.entry_id for f in found])], "late"
    return [], f"found {len(found)}: " + ", ".join(f.entry_id for f in found[:5])


def expect_required(ctx: Context, check: Required) -> list[Expectation]:
    """The entry, due by 31 December (one that counts by ``year_field`` may still come late)."""
    return open_deductions(check_required, late_still_counts=check.year_field is not None)(ctx, check)


KIND = CheckKind("required", Required, check_required, expect_required)
