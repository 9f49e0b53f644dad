"""A year's facts for many branches at once, read from the views: scoring at speed.

These are the facts :func:`projections.readmodels.facts.branch_facts` reads from the
event store — each branch's entries in effect for scoring a year, retractions
and corrections applied, in log order — read instead from the read models in
two queries per chunk of branches: ``pj_entries`` with ``pj_facts`` (every
entry's status and fields) and ``pj_dues_paid`` (the payments, by month).
Nothing is decoded from the log, so a city's year is scored in seconds. A law
test checks that both sources give equal facts and equal scorecards.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from ledger.corrections import Fact
from projections.readmodels.facts import late_finding_counts, scored_years
from projections.readmodels.tables import dues_paid, entries, facts
from projections.readmodels.views import BRANCH_TYPES

CHUNK = 100  # branches per query: bounds the facts held at once (~50,000) and the bound parameters


def view_facts(connection: Connection, branches: Sequence[str], year: int) -> dict[str, list[Fact]]:
    """Each branch's facts for scoring ``year`` (the views must be caught up)."""
    found: dict[str, list[Fact]] = {branch: [] for branch in branches}
    for start in range(0, len(branches), CHUNK):
        chunk = list(branches[start:start + CHUNK])
        _recorded_facts(connection, chunk, year, found)
        _payments(connection, chunk, year, found)
    for branch_facts in found.values():
        branch_facts.sort(key=lambda fact: fact.seq)
    return found


def _recorded_facts(connection: Connection, chunk: list[str], year: int, found: dict[str, list[Fact]]) -> None:
    years = scored_years(year)
    rows = connection.execute(
        select(entries.c.notification_id, entries.c.entry_id, entries.c.type, entries.c.date, entries.c.branch,
               facts.c.data, entries.c.corrected_data)
        .select_from(facts).join(entries, entries.c.notification_id == facts.c.notification_id)
        # from pj_facts by branch: a third of the entries (no payments), each found by its position
        .where(and_(facts.c.branch.in_(chunk), entries.c.status != "retracted",
                    or_(entries.c.type.in_(sorted(BRANCH_TYPES)),
                        entries.c.year.between(years[0], years[-1]),
                        # a finding for the year counts whenever it was recorded
                        and_(entries.c.type == "FindingRecorded", entries.c.year > years[-1]))))).all()
    loads, day_of = json.loads, date.fromisoformat
    for position, entry_id, kind, day, branch, data, corrected in rows:
        fact = Fact(position, entry_id, kind, day_of(day), loads(corrected if corrected is not None else data), branch)
        if fact.type == "FindingRecorded" and fact.date.year > years[-1] and not late_finding_counts(fact, year):
            continue
        found[branch].append(fact)


def _payments(connection: Connection, chunk: list[str], year: int, found: dict[str, list[Fact]]) -> None:
    """DuesPaid facts, put together again from their month shares (in the order the payment named them)."""
    years = scored_years(year)
    rows = connection.execute(
        select(dues_paid.c.notification_id, dues_paid.c.entry_id, dues_paid.c.branch, dues_paid.c.member,
               dues_paid.c.month, dues_paid.c.amount, dues_paid.c.paid_on, dues_paid.c.part)
        .where(and_(dues_paid.c.branch.in_(chunk),
                    dues_paid.c.paid_on.between(f"{years[0]}-01-01", f"{years[-1]}-12-31")))).all()
    firsts: list[tuple[Any, ...]] = []
    later_parts: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:  # (position, entry id, branch, member, month, amount, paid on, part)
        if row[7] == 0:
            firsts.append(row)
        else:
            later_parts[row[0]].append(row)
    day_of = date.fromisoformat
    for position, entry_id, branch, member, month, amount, paid_on, _ in firsts:
        months = [month]
        if position in later_parts:
            parts = sorted(later_parts[position], key=lambda row: row[7])
            months += [row[4] for row in parts]
            amount = str(sum((Decimal(row[5]) for row in parts), Decimal(amount)))
        found[branch].append(Fact(position, entry_id, "DuesPaid", day_of(paid_on),
                                  {"member": member, "months": months, "amount": amount}, branch))
