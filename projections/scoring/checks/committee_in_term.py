"""``committee_in_term``: on 31 December the committee is within its term and has a secretary."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ledger.values import add_years
from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result
from projections.scoring.kind import CheckKind, Expectation
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


TERM_WARNING_DAYS = 183


def expect_committee(ctx: Context, check: CommitteeInTerm) -> list[Expectation]:
    """An election when none was held, a re-election within half a year of the term's end, a secretary."""
    if ctx.year != ctx.as_of.year:
        return []  # about today, not about an earlier year
    on = ctx.as_of
    elections = [f for f in ctx.of_type("CommitteeElected") if f.date <= on]
    if not elections:
        return [Expectation(on, "elect a branch committee (none recorded)", True)]
    latest = max(elections, key=lambda f: (f.date, f.seq))
    ends = add_years(latest.date, latest.data["term_years"])
    found = []
    if (ends - on).days <= TERM_WARNING_DAYS:
        found.append(Expectation(ends, f"re-elect the branch committee (term ends {ends})", ends < on))
    verdict, _ = check_committee(ctx, check)
    if any("secretary" in d.reason for d in verdict):
        found.append(Expectation(date(ctx.year, 12, 31), "the committee has no secretary", False))
    return found


KIND = CheckKind("committee_in_term", CommitteeInTerm, check_committee, expect_committee)
