"""Obligations ahead, derived from the rulebook in force by the checks themselves.

Each check kind says what it will expect and by when (``CheckKind.expect``),
so what ``taizhang due`` lists and what ``taizhang score`` deducts come from
the same code and parameters and cannot disagree. Pure, like the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ledger.corrections import Fact
from ledger.roster import derive_spells
from projections.scoring.context import Context
from projections.scoring.registry import BY_MODEL
from projections.scoring.rulebook import Rulebook


@dataclass(frozen=True)
class Obligation:
    """What the rules will expect of a branch by ``due_on`` and is not yet done, and the item it would cost."""

    due_on: date
    item: str
    what: str
    overdue: bool


def obligations(branch: str, facts: Iterable[Fact], on: date, book: Rulebook,
                previous_book: Rulebook | None = None) -> list[Obligation]:
    """The branch's obligations as of ``on``, soonest first.

    ``book`` is the rulebook in force for ``on``'s year; ``previous_book`` the
    one for the year before (default: the same), whose arrears — what can still
    be recorded late, such as last year's dues or evaluation — are listed too.
    """
    effective = sorted(facts, key=lambda f: (f.date, f.seq))
    spells = derive_spells(effective)
    found: set[Obligation] = set()
    for year, rules in ((on.year - 1, previous_book or book), (on.year, book)):
        ctx = Context(branch, year, effective, spells, rules, on, [])
        for _, item in rules.items():
            for check in item.checks:
                expect = BY_MODEL[type(check)].expect
                if expect is None:
                    continue
                for expectation in expect(ctx, check):
                    if year < on.year and not expectation.overdue:
                        continue
                    found.add(Obligation(expectation.due_on, item.id, expectation.what, expectation.overdue))
    return sorted(found, key=lambda o: (o.due_on, o.item, o.what))
