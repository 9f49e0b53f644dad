"""A branch's facts for scoring a year, straight from the event store (no read model), as of a moment.

A year Y is scored from the branch stream (registration, committee,
membership, development: every year) and the branch-year streams of Y − 1,
Y and Y + 1: a plan for Y is often submitted in December of Y − 1, dues for
Y are paid in advance or in arrears, December's dues are remitted in
January, and the evaluation and findings for Y are recorded early in Y + 1.
Entries dated further away do not count toward Y, so scoring a year costs
the same however many years the store holds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from ledger.corrections import Fact, Resolver
from ledger.store import Store
from ledger.streams import branch_stream, year_stream


def scored_years(year: int) -> range:
    """The business years whose entries can count toward year ``year``'s score."""
    return range(year - 1, year + 2)


def branch_streams(branch: str, year: int, through: int | None = None) -> list[UUID]:
    """The streams a branch-year is scored from.

    With ``through`` (a later year), also the branch's year streams up to it: a
    finding for ``year`` counts whenever it was recorded (rubric.md, "Edge
    semantics"), so a finding dated two years later still changes the score.
    """
    last = max(year + 1, through or year + 1)
    return [branch_stream(branch)] + [year_stream(branch, y) for y in range(year - 1, last + 1)]


def late_finding_counts(fact: Fact, year: int) -> bool:
    """Whether an entry dated after the years scored (``scored_years``) still counts toward ``year``.

    Only a finding does, and only the findings that name ``year``.
    """
    return fact.type == "FindingRecorded" and fact.data.get("year") == year


def branch_facts(store: Store, branch: str, *, through_year: int,
                 as_of: datetime | None = None) -> list[Fact]:
    """The branch's entries in effect for scoring ``through_year``: retractions and corrections applied.

    With ``as_of``, only events recorded up to that moment count. Findings for
    the year are read from the year streams up to the year of ``as_of`` (or now).
    """
    resolver = Resolver()
    until = (as_of or datetime.now(UTC)).year
    later = {year_stream(branch, y) for y in range(through_year + 2, until + 1)}
    outside: set[str] = set()
    for position, event in store.stream_events(branch_streams(branch, through_year, until)):
        if as_of is not None and event.timestamp > as_of:
            continue
        if event.originator_id in later:
            outside.add(event.entry_id)
        resolver.add(Fact(position, event.entry_id, type(event).__name__, date.fromisoformat(event.date),
                          event.data, branch))
    return [fact for fact in resolver.effective()
            if fact.entry_id not in outside or late_finding_counts(fact, through_year)]


def recorded_after(store: Store, branch: str, year: int, moment: datetime, through: int | None = None) -> list[Any]:
    """Events that could change the branch-year's score, recorded after a moment (to explain a change)."""
    return [event for _, event in store.stream_events(branch_streams(branch, year, through))
            if event.timestamp > moment]
