"""Stored scorecards: a branch-year's scorecard under a rulebook, reused until it could change.

A scorecard depends on the branch's entries in effect, the rulebook and the
day it is computed for (a dues remittance becomes late when its deadline
passes). So a stored card is keyed by branch, year and rulebook digest, and
is reused only while (a) the branch's last position in the log is the one it
was computed at — any new entry of the branch, retractions and corrections
included, moves it — and (b) no dues deadline of the year lies between the
day it was computed for and the day asked. Otherwise it is recomputed from
the event store by the pure engine and stored again. Scores are therefore
never stale, and a year that is assessed and closed is read, not recomputed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, and_, delete, func, insert, select

from ledger.store import Store
from projections.facts import branch_facts
from projections.rulebook import Rulebook
from projections.runner import Runner, reading
from projections.scoring import score
from projections.tables import entries
from projections.views import Views

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
    runner = Runner(store, Views(store))
    runner.catch_up()
    with reading(store) as connection:
        positions = dict(connection.execute(
            select(entries.c.branch, func.max(entries.c.notification_id))
            .where(entries.c.branch.in_(codes)).group_by(entries.c.branch)).all())
    with runner.engine.begin() as connection:
        scorecards.create(connection, checkfirst=True)
        stored = {row.branch: row for row in connection.execute(select(scorecards).where(and_(
            scorecards.c.year == year, scorecards.c.rulebook_digest == book.digest, scorecards.c.lang == lang,
            scorecards.c.branch.in_(codes))))}
    cards, fresh = [], []
    for code in codes:
        row = stored.get(code)
        position = positions.get(code, 0)
        if row is not None and row.position == position and still_valid(date.fromisoformat(row.as_of), on, year):
            cards.append(json.loads(row.card))
            continue
        card = score(code, branch_facts(store, code, through_year=year), book, year, on, lang).to_json(trace=True)
        cards.append(card)
        fresh.append({"branch": code, "year": year, "rulebook_digest": book.digest, "lang": lang,
                      "position": position, "as_of": on.isoformat(), "card": json.dumps(card, ensure_ascii=False)})
    if fresh:
        with runner.engine.begin() as connection:
            connection.execute(delete(scorecards).where(and_(
                scorecards.c.year == year, scorecards.c.rulebook_digest == book.digest, scorecards.c.lang == lang,
                scorecards.c.branch.in_([f["branch"] for f in fresh]))))
            connection.execute(insert(scorecards), fresh)
    runner.close()
    return cards
