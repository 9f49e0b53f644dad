"""What a check kind is: the YAML ``kind`` name, its parameter model, its function, and what it expects ahead."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from projections.scoring.cards import Deduction
from projections.scoring.context import Context, Result


@dataclass(frozen=True)
class Expectation:
    """Something a check will expect of the branch by a day and is not yet done (an obligation ahead)."""

    due_on: date
    what: str
    overdue: bool


Expect = Callable[[Context, Any], list[Expectation]]
"""What a check kind expects ahead of ``ctx.as_of`` (the day asked), for ``ctx.year``."""


@dataclass(frozen=True)
class CheckKind:
    """A YAML check kind: its name, its parameter model, the function that evaluates it, and
    (``expect``) what it will expect ahead — ``None`` when it expects nothing (it deducts for what
    happened, such as a missed meeting or a late report, not for what is still to do)."""

    name: str
    model: type[BaseModel]
    evaluate: Callable[[Context, Any], Result]
    expect: Expect | None = None


def period_end(period: str) -> date:
    """The last day of a deduction's period: ``2025``, ``2025-H1``, ``2025-Q2``, ``2025-07`` or a day."""
    year = int(period[:4])
    if len(period) == 4:
        return date(year, 12, 31)
    if len(period) == 10:
        return date.fromisoformat(period)
    rest = period[5:]
    month = {"H": 6, "Q": 3}.get(rest[0], 0) * int(rest[1:]) if rest[0] in "HQ" else int(rest)
    return date(year, month, calendar.monthrange(year, month)[1])


def open_deductions(evaluate: Callable[[Context, Any], Result], *, late_still_counts: bool = False) -> Expect:
    """What the check would deduct for the year if nothing more were recorded, as obligations.

    Each deduction is due at the end of its period. Periods already over are
    left out (nothing can be done for them any more) unless ``late_still_counts``:
    entries that count by a field (a quarter's analysis, a year's list) may
    still be recorded after the period, and then show as overdue.
    """
    def expect(ctx: Context, check: Any) -> list[Expectation]:
        found: list[Deduction] = evaluate(ctx, check)[0]
        expectations = []
        for deduction in found:
            due = period_end(deduction.period)
            if due >= ctx.as_of or late_still_counts:
                expectations.append(Expectation(due, f"{deduction.period}: {deduction.reason}", due < ctx.as_of))
        return expectations

    return expect
