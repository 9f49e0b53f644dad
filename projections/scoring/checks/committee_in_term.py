"""``committee_in_term``: on 31 December the committee is within its term and has a secretary."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ledger.values import add_years
from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result
from projections.scoring.kind import CheckKind
from projections.scoring.params import Points, StrictModel


class CommitteeInTerm(StrictModel):
    """On 31 December the committee is within its term and has a secretary."""

    kind: Literal["committee_in_term"]
    deduct: Points


def check_committee(ctx: Context, check: CommitteeInTerm) -> Result:
    """Deducts ``deduct`` when no committee was elected, its term ended by 31 December, or no secretary."""
    year_end = date(ctx.year, 12, 31)
    elections = [f for f in ctx.of_type("CommitteeElected") if f.date <= year_end]
    if not elections:
        return [Deduction(check.deduct, "no committee has been elected", str(ctx.year))], "never elected"
    latest = max(elections, key=lambda f: (f.date, f.seq))
    ends = add_years(latest.date, latest.data["term_years"])
    roles = {seat["role"] for seat in latest.data["members"]}
    roles |= {f.data["role"] for f in ctx.of_type("CommitteeMemberAdded") if latest.date <= f.date <= year_end}
    if ends <= year_end:
        return [Deduction(check.deduct, f"the committee elected {latest.date} for {latest.data['term_years']} "
                          f"years was due for re-election on {ends}", str(ctx.year), [latest.entry_id])], "expired"
    if "secretary" not in roles:
        return [Deduction(check.deduct, "the committee has no secretary", str(ctx.year),
                          [latest.entry_id])], "no secretary"
    return [], f"elected {latest.date}, term to {ends}"


KIND = CheckKind("committee_in_term", CommitteeInTerm, check_committee)
