"""``evaluation``: the democratic evaluation held for the year, a registration form per full member."""

from __future__ import annotations

from typing import Literal

from ledger.roster import spell_on
from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result
from projections.scoring.kind import CheckKind, open_deductions
from projections.scoring.params import Points, StrictModel


class Evaluation(StrictModel):
    """The democratic evaluation: held for the year, a form per full member."""

    kind: Literal["evaluation"]
    not_held: Points
    per_missing_form: Points


def check_evaluation(ctx: Context, check: Evaluation) -> Result:
    """Deducts ``not_held`` without an evaluation for the year, else per full member without a form."""
    held = [f for f in ctx.of_type("DemocraticEvaluationCompleted") if f.data["year"] == ctx.year]
    if not held:
        return [Deduction(check.not_held, f"no democratic evaluation for {ctx.year}", str(ctx.year))], "not held"
    evaluation = max(held, key=lambda f: f.date)
    forms = set(evaluation.data["forms"])
    full = [m for m, runs in ctx.spells.items()
            if (s := spell_on({m: runs}, m, evaluation.date)) is not None and s.status_on(evaluation.date) == "full"]
    missing = sorted(set(full) - forms)
    deductions = [Deduction(check.per_missing_form, f"{m}: no registration form", evaluation.date.isoformat(),
                            [evaluation.entry_id]) for m in missing]
    return deductions, f"{len(full)} full members, {len(missing)} without a form"


KIND = CheckKind("evaluation", Evaluation, check_evaluation, open_deductions(check_evaluation, late_still_counts=True))
