"""A branch's facts straight from the event store (no read model), as of a moment."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ledger.corrections import Fact, Resolver
from ledger.store import Store
from ledger.streams import branch_stream, year_stream


def branch_facts(store: Store, branch: str, *, through_year: int,
                 as_of: datetime | None = None) -> list[Fact]:
    """The branch's entries in effect: retractions and corrections applied.

    Reads the branch stream and every branch-year stream from its registration
    through ``through_year`` + 1 (a year's dues are remitted in the next).
    With ``as_of``, only events recorded up to that moment count.
    """
    home = store.stream_events([branch_stream(branch)])
    first = min((int(e.date[:4]) for _, e in home), default=through_year)
    streams = [year_stream(branch, y) for y in range(first, through_year + 2)]
    resolver = Resolver()
    for position, event in sorted(home + store.stream_events(streams), key=lambda pair: pair[0]):
        if as_of is not None and event.timestamp > as_of:
            continue
        resolver.add(Fact(position, event.entry_id, type(event).__name__, date.fromisoformat(event.date),
                          event.data, branch))
    return list(resolver.effective())


def branch_streams(store: Store, branch: str, through_year: int) -> list[Any]:
    home = store.stream_events([branch_stream(branch)])
    first = min((int(e.date[:4]) for _, e in home), default=through_year)
    return [branch_stream(branch)] + [year_stream(branch, y) for y in range(first, through_year + 2)]


def recorded_after(store: Store, branch: str, through_year: int, moment: datetime) -> list[Any]:
    """Events of the branch recorded after a moment (to explain a changed score)."""
    home = store.stream_events([branch_stream(branch)])
    first = min((int(e.date[:4]) for _, e in home), default=through_year)
    streams = [branch_stream(branch)] + [year_stream(branch, y) for y in range(first, through_year + 2)]
    return [event for _, event in store.stream_events(streams) if event.timestamp > moment]
