"""Stored scorecards: a branch-year's scorecard under a rulebook, reused until it could change.

A scorecard depends on the branch's entries in effect, the rulebook and the
day it is computed for (a dues remittance becomes late when its deadline
passes). So a stored card is keyed by branch, year and rulebook digest, and
is reused only while (a) the last position in the log of the streams the
branch-year is scored from (:func:`projections.readmodels.facts.branch_streams`) is the
one it was computed at — any new entry that could count, retractions and
corrections included, moves it — and (b) no dues deadline of the year lies
between the day it was computed for and the day asked. Otherwise it is
computed again by the pure engine, from the views (:mod:`projections.readmodels.view_facts`,
two queries per 100 branches), and stored again. Scores are therefore never
stale, and a year that is assessed and closed is read, not recomputed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, and_, delete, insert, select

from ledger.store import Store
from projections.readmodels.bulk import paused_gc
from projections.readmodels.facts import branch_streams
from projections.readmodels.runner import Runner, reading
from projections.readmodels.view_facts import CHUNK, view_facts
from projections.readmodels.views import Views
from projections.scoring import Scorecard, score
from projections.scoring.rulebook import Rulebook

metadata = MetaData()
scorecards = Table(
    "pj_scorecards", metadata,
    Column("branch", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("rulebook_digest", String(80), primary_key=True),
    Column("lang", String(4), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("card", Text, nullable=False),
)


def last_deadline(year: int) -> date:
    """After this day nothing of the year's dues can still become late."""
    return date(year + 1, 1, 31)


def still_valid(computed_for: date, asked: date, year: int) -> bool:
    if computed_for == asked:
        return True
    closed = last_deadline(year)
    return computed_for > closed and asked > closed


def scorecards_for(store: Store, year: int, book: Rulebook, on: date, codes: list[str],
                   lang: str = "en") -> list[dict[str, Any]]:
    """Each branch's scorecard JSON (with its trace), from storage when still valid."""
    return list(iter_scorecards(store, year, book, on, codes, lang))


def iter_scorecards(store: Store, year: int, book: Rulebook, on: date, codes: list[str],
                    lang: str = "en") -> Iterator[dict[str, Any]]:
    """Each branch's scorecard JSON (with its trace) in the order of ``codes``, a chunk at a time.

    Memory stays bounded by one chunk of branches however many there are:
    stored cards still valid are read, the others computed from the views and
    stored, and each chunk's cards are handed on before the next is read.
    """
    # Positions first, then the views: the facts read are at least as new as the
    # positions recorded, so a card can be stored too old, never stale.
    positions = scored_positions(store, codes, year, on.year)
    runner = Runner(store, Views(store))
    try:
        runner.catch_up()
        with runner.engine.begin() as connection:
            scorecards.create(connection, checkfirst=True)
        for start in range(0, len(codes), CHUNK):
            chunk = codes[start:start + CHUNK]
            with runner.engine.connect() as connection:
                stored = {row.branch: row for row in connection.execute(select(scorecards).where(and_(
                    scorecards.c.year == year, scorecards.c.rulebook_digest == book.digest,
                    scorecards.c.lang == lang, scorecards.c.branch.in_(chunk))))}
            cards: dict[str, dict[str, Any]] = {}
            for code in chunk:
                row = stored.get(code)
                if (row is not None and row.position == positions.get(code, 0)
                        and still_valid(date.fromisoformat(row.as_of), on, year)):
                    cards[code] = json.loads(row.card)
            stale = [code for code in chunk if code not in cards]
            if stale:
                with paused_gc():
                    fresh = [card.to_json(trace=True) for card in score_from_views(store, stale, year, book, on, lang)]
                cards.update((card["branch"], card) for card in fresh)
                _store(runner, [{"branch": card["branch"], "year": year, "rulebook_digest": book.digest,
                                 "lang": lang, "position": positions.get(card["branch"], 0),
                                 "as_of": on.isoformat(), "card": json.dumps(card, ensure_ascii=False)}
                                for card in fresh])
            for code in chunk:
                yield cards.pop(code)
    finally:
        runner.close()


def score_from_views(store: Store, codes: list[str], year: int, book: Rulebook, on: date,
                     lang: str = "en") -> list[Scorecard]:
    """Some branches' scorecards, computed from the views (which the caller has caught up)."""
    with reading(store) as connection, paused_gc():
        facts = view_facts(connection, codes, year)
        return [score(code, facts[code], book, year, on, lang) for code in codes]


def scored_positions(store: Store, codes: list[str], year: int, through: int | None = None) -> dict[str, int]:
    """Each branch's last position in the log among the streams its year is scored from (up to ``through``)."""
    streams = {code: branch_streams(code, year, through) for code in codes}
    last = store.last_positions([stream for ids in streams.values() for stream in ids])
    return {code: max((last.get(stream, 0) for stream in ids), default=0) for code, ids in streams.items()}


def _store(runner: Runner, fresh: list[dict[str, Any]]) -> None:
    if not fresh:
        return
    with runner.engine.begin() as connection:
        connection.execute(delete(scorecards).where(and_(
            scorecards.c.year == fresh[0]["year"], scorecards.c.rulebook_digest == fresh[0]["rulebook_digest"],
            scorecards.c.lang == fresh[0]["lang"], scorecards.c.branch.in_([f["branch"] for f in fresh]))))
        connection.execute(insert(scorecards), fresh)
