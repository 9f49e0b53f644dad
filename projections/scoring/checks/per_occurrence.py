"""``per_occurrence``: deduct for each matching entry dated in the year."""

from __future__ import annotations

from typing import Literal

from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result, in_year, matches
from projections.scoring.kind import CheckKind
from projections.scoring.params import EntryCheck, Points


class PerOccurrence(EntryCheck):
    """Deduct for each matching entry dated in the year."""

    kind: Literal["per_occurrence"]
    deduct_each: Points


def check_per_occurrence(ctx: Context, check: PerOccurrence) -> Result:
    """Deducts ``deduct_each`` per matching entry dated in the year."""
    hits = [f for f in ctx.of_type(check.entry) if in_year(f, ctx.year) and matches(f, check)]
    return ([Deduction(check.deduct_each, f"{f.type} on {f.date}", f.date.isoformat(), [f.entry_id])
             for f in hits], f"{len(hits)} found")


KIND = CheckKind("per_occurrence", PerOccurrence, check_per_occurrence)
