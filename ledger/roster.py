"""Who belongs to a branch on a day, derived from membership facts.

A spell on the roster runs from the day a member is registered, transferred
in or admitted, up to but not including the day they are transferred out:
the half-open interval ``[start, end)``. The roster on a day is every member
with a spell containing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ledger.corrections import Fact

MEMBERSHIP_TYPES = frozenset({
    "MemberRegistered", "MemberTransferredIn", "MemberAdmitted",
    "MemberTransferredOut", "ProbationaryMemberConverted",
})
JOINING_TYPES = frozenset({"MemberRegistered", "MemberTransferredIn", "MemberAdmitted"})


@dataclass
class Spell:
    """One stretch of a member's time on a branch's roster."""

    member: str
    name: str
    start: date
    end: date | None
    initial_status: str
    admitted_on: date | None
    converted_on: date | None = None
    joined_by: str = "MemberRegistered"
    joined_entry: str = ""

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def status_on(self, day: date) -> str:
        if self.initial_status == "full":
            return "full"
        return "full" if self.converted_on is not None and self.converted_on <= day else "probationary"

    def overlaps_from(self, day: date) -> bool:
        """Whether an open-ended spell starting on ``day`` would overlap this one."""
        return self.end is None or self.end > day


def member_of(fact: Fact) -> str:
    return str(fact.data["member"])


def derive_spells(facts: Iterable[Fact]) -> dict[str, list[Spell]]:
    """Spells per member from membership facts (any order; sorted by date, then log order)."""
    spells: dict[str, list[Spell]] = {}
    for fact in sorted(
        (f for f in facts if f.type in MEMBERSHIP_TYPES), key=lambda f: (f.date, f.seq)
    ):
        code = member_of(fact)
        if fact.type in JOINING_TYPES:
            admitted = fact.data.get("admitted_on")
            admitted_on: date | None
            if fact.type == "MemberAdmitted":
                status, admitted_on = "probationary", fact.date
            else:
                status = fact.data["status"]
                admitted_on = date.fromisoformat(admitted) if admitted else None
            spells.setdefault(code, []).append(Spell(
                member=code, name=fact.data.get("name", code), start=fact.date, end=None,
                initial_status=status, admitted_on=admitted_on, joined_by=fact.type,
                joined_entry=fact.entry_id,
            ))
        elif code in spells:
            last = spells[code][-1]
            if fact.type == "MemberTransferredOut" and last.end is None:
                last.end = fact.date
            elif fact.type == "ProbationaryMemberConverted":
                last.converted_on = fact.date
    return spells


def spell_on(spells: dict[str, list[Spell]], member: str, day: date) -> Spell | None:
    for spell in spells.get(member, ()):
        if spell.contains(day):
            return spell
    return None


def roster_on(spells: dict[str, list[Spell]], day: date) -> list[str]:
    return sorted(code for code, runs in spells.items() if any(s.contains(day) for s in runs))
