"""The scoring engine: a pure function of (facts, rulebook, year, as-of day).

No clock, no I/O: the same facts and rulebook always give the same
scorecard. ``facts`` are a branch's entries in effect (retractions and
corrections applied) across all years; the roster is derived from them.
Every deduction carries the rule, the parameter values used and its
evidence; every check that did not fire is listed too. Each check is run by
the function its kind names in :mod:`projections.scoring.registry`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.corrections import Fact
from ledger.roster import derive_spells
from projections.scoring.cards import ZERO, CategoryCard, CheckTrace, Deduction, ItemCard, Scorecard
from projections.scoring.context import Context
from projections.scoring.registry import BY_MODEL
from projections.scoring.rulebook import Rulebook


def describe_check(check: Any) -> str:
    """A check in one line: its kind, entry type, conditions and case."""
    parts = [check.kind]
    entry = getattr(check, "entry", None)
    if entry:
        parts.append(entry)
    if getattr(check, "where", None):
        parts.append(json.dumps(check.where, ensure_ascii=False))
    if getattr(check, "any_of", None):
        parts.append("any of " + json.dumps(check.any_of, ensure_ascii=False))
    if getattr(check, "case", None):
        parts.append(check.case)
    return " ".join(parts)


_LABELS: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = {}


def _labels(book: Rulebook) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Each item's checks described, with their parameters: the same for every branch, so made once a rulebook."""
    found = _LABELS.get(book.digest)
    if found is None:
        found = {item.id: [(describe_check(check), _parameters(check)) for check in item.checks]
                 for category in book.categories for item in category.items}
        _LABELS[book.digest] = found
    return found


def _parameters(check: Any) -> dict[str, Any]:
    values = check.model_dump(mode="json", exclude={"kind", "entry", "where", "any_of"})
    return {k: v for k, v in values.items() if v is not None}


def score(branch: str, facts: Iterable[Fact], book: Rulebook, year: int, as_of: date,
          lang: str = "en") -> Scorecard:
    """Scores one branch-year. ``facts`` are the branch's entries in effect, any years."""
    effective = sorted(facts, key=lambda f: (f.date, f.seq))
    ctx = Context(branch, year, effective, derive_spells(effective), book, as_of, [])
    labels = _labels(book)
    categories = []
    for category in book.categories:
        items = []
        for item in category.items:
            deductions: list[Deduction] = []
            traces = []
            for check, (described, parameters) in zip(item.checks, labels[item.id], strict=True):
                found, summary = BY_MODEL[type(check)].evaluate(ctx, check)
                deductions += found
                traces.append(CheckTrace(described, parameters, bool(found), summary,
                                         sum((d.amount for d in found), ZERO)))
            findings = [f for f in ctx.of_type("FindingRecorded")
                        if f.data["item"] == item.id and f.data["year"] == year]
            deductions += [Deduction(Decimal(f.data["deduction"]), f"assessor's finding: {f.data['reason']}",
                                     str(year), [f.entry_id]) for f in findings]
            traces.append(CheckTrace("findings", {}, bool(findings), f"{len(findings)} findings",
                                     sum((Decimal(f.data["deduction"]) for f in findings), ZERO)))
            total = sum((d.amount for d in deductions), ZERO)
            if item.cap is not None and total > item.cap:
                deductions.append(Deduction(item.cap - total, f"capped at {item.cap}", str(year)))
                total = item.cap
            title = item.title.zh if lang == "zh" else item.title.en
            items.append(ItemCard(item.id, title, total, item.cap, deductions, traces))
        deducted = sum((i.deducted for i in items), ZERO)
        name = category.name.zh if lang == "zh" else category.name.en
        categories.append(CategoryCard(category.id, name, category.base, deducted,
                                       max(ZERO, category.base - deducted), items))
    total = sum((c.score for c in categories), ZERO)
    grades = book.grades
    if any(c.score == 0 for c in categories) or total < grades.basically_meets:
        grade = "fails"
    elif total >= grades.meets:
        grade = "meets"
    else:
        grade = "basically_meets"
    return Scorecard(branch, year, book.version, book.digest, total, grade,
                     grade == "meets" and total >= grades.advanced, categories, ctx.gaps, as_of.isoformat())
