"""The branch committee over time: seats from elections and additions, and who is in office on a day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ledger.corrections import Fact
from ledger.values import add_years

COMMITTEE_TYPES = frozenset({"CommitteeElected", "CommitteeMemberAdded"})


def committee_seats(branch: str, elected: Iterable[Fact]) -> list[dict[str, Any]]:
    """Seats from elections and additions: each until the next election (ISO dates, ``end`` excluded)."""
    seats: list[dict[str, Any]] = []
    term_end: str | None = None
    for fact in sorted(elected, key=lambda f: (f.date, f.seq)):
        day = fact.date.isoformat()
        if fact.type == "CommitteeElected":
            for seat in seats:
                if seat["end"] is None:
                    seat["end"] = day
            term_end = add_years(fact.date, fact.data["term_years"]).isoformat()
            named = [(seat["member"], seat["role"]) for seat in fact.data["members"]]
        else:
            named = [(fact.data["member"], fact.data["role"])]
        seats += [{"branch": branch, "member": member, "role": role, "start": day, "end": None,
                   "term_end": term_end, "entry_id": fact.entry_id} for member, role in named]
    return seats


def in_office(seats: Iterable[Any], day: date) -> set[str]:
    """The committee members in office on a day (seats as dicts or rows with ``member``, ``start``, ``end``)."""
    on = day.isoformat()
    found = set()
    for seat in seats:
        member, start, end = (seat["member"], seat["start"], seat["end"]) if isinstance(seat, dict) else (
            seat.member, seat.start, seat.end)
        if start <= on and (end is None or on < end):
            found.add(member)
    return found


def expected_by_default(kind: str, day: date, roster: Iterable[str], seats: Iterable[Any]) -> set[str]:
    """Who a meeting expects when it names nobody (rubric.md, "Edge semantics"): for a
    ``branch_committee`` meeting the committee in office that day, for any other the roster."""
    return in_office(seats, day) if kind == "branch_committee" else set(roster)
