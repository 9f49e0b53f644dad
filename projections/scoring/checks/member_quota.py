"""``member_quota``: every member owes ``per_year`` matching entries, pro-rated by days on the roster."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from ledger.roster import Spell
from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result, in_year, matches
from projections.scoring.kind import CheckKind, open_deductions
from projections.scoring.params import EntryCheck, Points


class MemberQuota(EntryCheck):
    """Every member owes ``per_year`` matching entries, pro-rated by days on the roster."""

    kind: Literal["member_quota"]
    member_field: str = "member"
    per_year: int = Field(ge=1)
    deduct_per_missing: Points


def days_on_roster(runs: list[Spell], year: int) -> int:
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = 0
    for spell in runs:
        start = max(spell.start, first)
        end = min(spell.end - timedelta(days=1), last) if spell.end else last
        days += max(0, (end - start).days + 1)
    return days


def check_member_quota(ctx: Context, check: MemberQuota) -> Result:
    """Deducts per missing entry: ``per_year`` × days on the roster ÷ days in the year, rounded down."""
    written: dict[str, list[str]] = defaultdict(list)
    for fact in ctx.of_type(check.entry):
        if in_year(fact, ctx.year) and matches(fact, check):
            written[str(fact.data.get(check.member_field))].append(fact.entry_id)
    days_in_year = 366 if calendar.isleap(ctx.year) else 365
    deductions, owed_total = [], 0
    for member, runs in sorted(ctx.spells.items()):
        days = days_on_roster(runs, ctx.year)
        required = check.per_year * days // days_in_year
        owed_total += required
        missing = required - len(written.get(member, []))
        if missing > 0:
            deductions.append(Deduction(check.deduct_per_missing * missing,
                                        f"{member}: {len(written.get(member, []))} of {required} "
                                        f"({days} days on the roster)", str(ctx.year), written.get(member, [])))
    return deductions, f"{owed_total} owed by {len(ctx.spells)} members"


KIND = CheckKind("member_quota", MemberQuota, check_member_quota, open_deductions(check_member_quota))
