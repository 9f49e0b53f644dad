"""What-if: a year scored under the rulebook in force and under another, and what moves (the web's what-if page).

The same comparison as ``taizhang rules diff``: per branch the totals and grades before
and after, and each item that deducts differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ledger.store import Store
from projections.scoring.rulebook import Rulebook
from projections.usecases.assessment import score_all


@dataclass
class Change:
    """One branch under both rulebooks; ``items`` maps an item id to its deductions (before, after)."""

    branch: str
    total: tuple[Decimal, Decimal]
    grade: tuple[str, str]
    items: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def grade_moved(self) -> bool:
        return self.grade[0] != self.grade[1]


def compare(store: Store, year: int, before: Rulebook, after: Rulebook, on: date, codes: list[str],
            lang: str = "zh") -> list[Change]:
    """Every branch of ``codes`` scored for ``year`` under both rulebooks, a chunk of branches at a time."""
    changes = []
    old = score_all(store, year, before, on, codes, lang)
    new = score_all(store, year, after, on, codes, lang)
    for a, b in zip(old, new, strict=True):
        items_a = {i.id: i.deducted for c in a.categories for i in c.items}
        items_b = {i.id: i.deducted for c in b.categories for i in c.items}
        moved = {k: (items_a.get(k, Decimal(0)), items_b.get(k, Decimal(0)))
                 for k in sorted(set(items_a) | set(items_b)) if items_a.get(k, 0) != items_b.get(k, 0)}
        changes.append(Change(a.branch, (a.total, b.total), (a.grade, b.grade), moved))
    return changes
