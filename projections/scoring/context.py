"""What every check reads: a branch's facts for a year, the roster, and the matching helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ledger.corrections import Fact
from ledger.roster import Spell
from projections.scoring.cards import Deduction

if TYPE_CHECKING:
    from projections.scoring.rulebook import Rulebook

Result = tuple[list[Deduction], str]
"""What a check returns: its deductions and a one-line summary of what it counted."""


@dataclass
class Context:
    """A branch-year being scored: its facts in effect (any years), the roster spells, the rulebook."""

    branch: str
    year: int
    facts: list[Fact]
    spells: dict[str, list[Spell]]
    book: Rulebook
    as_of: date
    gaps: list[str]
    by_type: dict[str, list[Fact]] = field(default_factory=dict)
    rosters: dict[date, frozenset[str]] = field(default_factory=dict)
    stretches: list[tuple[str, date, date | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for fact in self.facts:
            self.by_type.setdefault(fact.type, []).append(fact)

    def roster_on(self, day: date) -> frozenset[str]:
        """Members on the roster on a day (computed once per day)."""
        found = self.rosters.get(day)
        if found is None:
            if not self.stretches:
                self.stretches = [(s.member, s.start, s.end) for runs in self.spells.values() for s in runs]
            found = frozenset(member for member, start, end in self.stretches
                              if start <= day and (end is None or day < end))
            self.rosters[day] = found
        return found

    def of_type(self, *kinds: str) -> list[Fact]:
        if len(kinds) == 1:
            return self.by_type.get(kinds[0], [])
        return sorted((f for kind in kinds for f in self.by_type.get(kind, [])), key=lambda f: (f.date, f.seq))


def matches(fact: Fact, check: Any) -> bool:
    """Whether an entry is of the check's type and satisfies its ``where`` and one of its ``any_of``."""
    if fact.type != check.entry:
        return False
    data = fact.data
    for name, wanted in check.where.items():
        if not _holds(data, name, wanted):
            return False
    if not check.any_of:
        return True
    for alternative in check.any_of:
        if all(_holds(data, name, wanted) for name, wanted in alternative.items()):
            return True
    return False


def _holds(data: dict[str, Any], name: str, wanted: Any) -> bool:
    value = data.get(name)
    if isinstance(wanted, dict) and "present" in wanted:
        return (value is not None) == bool(wanted["present"])
    if isinstance(wanted, list):
        return value in wanted
    if name == "topic" and wanted == "":
        return not str(value or "").strip()
    return bool(value == wanted)


def in_year(fact: Fact, year: int) -> bool:
    return fact.date.year == year


def period_of(day: date, period: str) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def periods(year: int, period: str) -> list[str]:
    return {"year": [f"{year}"], "half": [f"{year}-H1", f"{year}-H2"],
            "quarter": [f"{year}-Q{q}" for q in range(1, 5)],
            "month": [f"{year}-{m:02d}" for m in range(1, 13)]}[period]


def as_date(text: Any) -> date:
    return text if isinstance(text, date) else date.fromisoformat(str(text))
