"""``untrained_activists``: activists designated before a day of the year, not admitted, not trained."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from ledger.corrections import Fact
from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result, in_year
from projections.scoring.kind import CheckKind, open_deductions
from projections.scoring.params import Points, StrictModel


class UntrainedActivists(StrictModel):
    """Activists designated before ``designated_before`` (MM-DD) of the year, not admitted, not trained."""

    kind: Literal["untrained_activists"]
    designated_before: str = Field(pattern=r"^\d{2}-\d{2}$")
    deduct_each: Points

    @field_validator("designated_before")
    @classmethod
    def _a_day_of_every_year(cls, value: str) -> str:
        try:
            date.fromisoformat(f"2001-{value}")  # a day every year has (not 29 February)
        except ValueError:
            raise ValueError(f"{value} is not a day of every year (MM-DD)") from None
        return value


def check_untrained(ctx: Context, check: UntrainedActivists) -> Result:
    """Deducts ``deduct_each`` per activist designated before the cut-off, untrained in the year."""
    cutoff = date.fromisoformat(f"{ctx.year}-{check.designated_before}")
    admitted = {f.data["person"]: f.date for f in ctx.of_type("MemberAdmitted")}
    trained = {f.data["person"] for f in ctx.of_type("ActivistTrained") if in_year(f, ctx.year)}
    designations: dict[str, list[Fact]] = {}
    for fact in ctx.of_type("ActivistDesignated"):  # an activist counts once, however often designated
        designations.setdefault(fact.data["person"], []).append(fact)
    deductions = []
    for person, facts in designations.items():
        first = min(facts, key=lambda f: (f.date, f.seq))
        if first.date >= cutoff or person in trained:
            continue
        if person in admitted and admitted[person] <= date(ctx.year, 12, 31):
            continue
        deductions.append(Deduction(check.deduct_each, f"{person}: an activist since {first.date}, not trained "
                                    f"in {ctx.year}", str(ctx.year), [f.entry_id for f in facts]))
    return deductions, f"{len(deductions)} untrained"


KIND = CheckKind("untrained_activists", UntrainedActivists, check_untrained, open_deductions(check_untrained))
