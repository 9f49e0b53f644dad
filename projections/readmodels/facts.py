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

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ledger.corrections import Fact, Resolver
from ledger.store import Store
from ledger.streams import branch_stream, year_stream


def scored_years(year: int) -> range:
    """The business years whose entries can count toward year ``year``'s score."""
    return range(year - 1, year + 2)


def branch_streams(branch: str, year: int) -> list[UUID]:
    """The streams a branch-year is scored from."""
    return [branch_stream(branch)] + [year_stream(branch, y) for y in scored_years(year)]


def branch_facts(store: Store, branch: str, *, through_year: int,
                 as_of: datetime | None = None) -> list[Fact]:
    """The branch's entries in effect for scoring ``through_year``: retractions and corrections applied.

    With ``as_of``, only events recorded up to that moment count.
    """
    resolver = Resolver()
    for position, event in store.stream_events(branch_streams(branch, through_year)):
        if as_of is not None and event.timestamp > as_of:
            continue
        resolver.add(Fact(position, event.entry_id, type(event).__name__, date.fromisoformat(event.date),
                          event.data, branch))
    return list(resolver.effective())


def recorded_after(store: Store, branch: str, year: int, moment: datetime) -> list[Any]:
    """Events that could change the branch-year's score, recorded after a moment (to explain a change)."""
    return [event for _, event in store.stream_events(branch_streams(branch, year)) if event.timestamp > moment]
