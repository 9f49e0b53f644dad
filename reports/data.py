"""What every paper reads: the year's scorecards under the rulebook in force, and the chain tip."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.i18n import name, text
from ledger.store import Store
from projections.rulebook import Rulebook


@dataclass(frozen=True)
class Context:
    """The rulebook, the branches and the chain tip a paper is computed from."""

    book: Rulebook
    rulebook_source: str
    codes: list[str]
    chain_position: int
    chain_hash: str


def context(store: Store, year: int, branch: str | None, lang: str) -> Context:
    from projections.assessment import branches_of, rulebook_for
    from reports import ReportError

    codes = branches_of(store)
    if branch is not None:
        if branch not in codes:
            raise ReportError(text(lang, "branch {branch} is not registered", branch=branch))
        codes = [branch]
    if not codes:
        raise ReportError(text(lang, "no branch is registered in this store"))
    in_force = rulebook_for(store, year)
    position, chain_hash = store.chain_tip()
    return Context(in_force.book, in_force.source, codes, position, chain_hash)


def cards(store: Store, year: int, ctx: Context, on: date, lang: str) -> Iterator[dict[str, Any]]:
    """Each branch's scorecard JSON with its trace, a chunk of branches at a time (stored cards reused)."""
    from projections.scorecards import iter_scorecards

    yield from iter_scorecards(store, year, ctx.book, on, ctx.codes, lang)


def entry_dates(store: Store, entry_ids: list[str]) -> dict[str, str]:
    """The date in effect of each entry (a correction's date if corrected), from the work-ledger view."""
    from sqlalchemy import select

    from projections.runner import reading
    from projections.tables import entries

    found: dict[str, str] = {}
    with reading(store) as connection:
        for start in range(0, len(entry_ids), 500):
            chunk = entry_ids[start:start + 500]
            for entry_id, day in connection.execute(select(entries.c.entry_id, entries.c.date)
                                                    .where(entries.c.entry_id.in_(chunk))):
                found[entry_id] = day
    return found


def evidence_ids(cards: list[dict[str, Any]]) -> list[str]:
    """Every entry id cited as evidence by some cards' deductions."""
    return sorted({entry for card in cards for category in card["categories"] for item in category["items"]
                   for deduction in item["deductions"] for entry in deduction.get("evidence", [])})


def grade_name(lang: str, grade: str) -> str:
    return name(lang, "grade", grade)


def points(value: Any) -> int | float:
    """A number of points as Excel should hold it: whole points as integers, halves as decimals."""
    number = float(value)
    return int(number) if number == int(number) else number


def short_id(entry_id: str) -> str:
    """The prefix of an id a user types (ids are unique by prefix in practice; long hex ids are cut)."""
    return entry_id[:10] if len(entry_id) > 16 else entry_id
