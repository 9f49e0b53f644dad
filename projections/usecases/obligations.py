"""Obligations ahead: what the rules will expect of a branch and is not yet done, soonest first.

Each names the rulebook item it would cost (rubric.md) so staff see why it
matters. The thresholds are the default rulebook's; they become rulebook
parameters with the scoring engine.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Connection, and_, select

from ledger.store import Store
from ledger.values import add_years, quarter_of
from projections.readmodels.queries import branch_spells, committee_history, dues_rows, meetings_of
from projections.readmodels.tables import entries
from projections.scoring.dues import member_months, months_of

REFLECTIONS_PER_YEAR = 2
TERM_WARNING_DAYS = 183
PROBATION_WARNING_DAYS = 60
CONVERSION_GRACE_DAYS = 30
ARREARS_WARNING_MONTHS = 3
ARREARS_CASE_MONTHS = 6


@dataclass(frozen=True)
class Obligation:
    due_on: date
    item: str
    what: str
    overdue: bool


def quarter_end(day: date) -> date:
    month = ((day.month - 1) // 3 + 1) * 3
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


def entries_of(connection: Connection, store: Store, branch: str, kind: str, year: int) -> list[dict]:  # type: ignore[type-arg]
    rows = connection.execute(select(entries.c.notification_id).where(and_(
        entries.c.branch == branch, entries.c.type == kind, entries.c.year == year,
        entries.c.status != "retracted"))).scalars().all()
    return [event.data for event in store.events_at(list(rows)).values()]


def obligations(connection: Connection, store: Store, branch: str, on: date) -> list[Obligation]:
    found: list[Obligation] = []
    year = on.year
    held = meetings_of(connection, branch, year)
    quarter = quarter_of(on)
    if not any(m.kind == "branch_committee" and quarter_of(date.fromisoformat(m.date)) == quarter
               for m in held):
        found.append(Obligation(quarter_end(on), "O2",
                                f"hold this quarter's branch committee meeting ({quarter})", False))
    reported = {d["quarter"] for d in entries_of(connection, store, branch,
                                                   "IdeologicalAnalysisReported", year)}
    for number in range(1, (on.month - 1) // 3 + 2):
        name = f"{year}-Q{number}"
        if name not in reported:
            end = quarter_end(date(year, number * 3, 1))
            found.append(Obligation(end, "I2", f"report the ideological analysis for {name}", end < on))
    spells = branch_spells(connection, branch)
    for member, runs in spells.items():
        current = next((s for s in runs if s.contains(on)), None)
        if current is None or current.status_on(on) != "probationary" or current.admitted_on is None:
            continue
        ends = add_years(current.admitted_on, 1)
        due = ends + timedelta(days=CONVERSION_GRACE_DAYS)
        if ends - on <= timedelta(days=PROBATION_WARNING_DAYS):
            found.append(Obligation(due, "M1", f"convert probationary member {member} "
                                    f"(probation ends {ends})", due < on))
    seats = committee_history(connection, branch)
    if seats:
        current_terms = [s["term_end"] for s in seats if s["end"] is None and s["term_end"]]
        term_end = date.fromisoformat(max(current_terms)) if current_terms else None
        if term_end is not None and term_end - on <= timedelta(days=TERM_WARNING_DAYS):
            found.append(Obligation(term_end, "O1", f"re-elect the branch committee (term ends {term_end})",
                                    term_end < on))
    else:
        found.append(Obligation(on, "O1", "elect a branch committee (none recorded)", True))
    bases, paid, _ = dues_rows(connection, branch)
    last_month = (on.replace(day=1) - timedelta(days=1))
    if last_month.year == year:
        months = months_of(year, last_month)
        owed = member_months(spells, bases, paid, months)
        by_member: dict[str, list[bool]] = {}
        for row in owed:
            by_member.setdefault(row.member, []).append(row.due is not None and row.short > Decimal(0))
        for member, unpaid in sorted(by_member.items()):
            run = 0
            for short in reversed(unpaid):
                if not short:
                    break
                run += 1
            if run >= ARREARS_WARNING_MONTHS:
                reached = date(on.year, on.month, 1) + timedelta(days=31 * (ARREARS_CASE_MONTHS - run))
                what = (f"{member} is {run} months in arrears ({ARREARS_CASE_MONTHS} unpaid "
                        "without reason is a case for the branch)")
                found.append(Obligation(reached.replace(day=1), "M2", what, run >= ARREARS_CASE_MONTHS))
    written: dict[str, int] = {}
    for data in entries_of(connection, store, branch, "StudyReflectionSubmitted", year):
        written[data["member"]] = written.get(data["member"], 0) + 1
    days_in_year = 366 if calendar.isleap(year) else 365
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    for member, runs in sorted(spells.items()):
        days = sum(max(0, ((min(s.end - timedelta(days=1), year_end) if s.end else year_end)
                           - max(s.start, year_start)).days + 1) for s in runs)
        required = REFLECTIONS_PER_YEAR * days // days_in_year
        if days and written.get(member, 0) < required:
            found.append(Obligation(year_end, "I1", f"{member} owes {required - written.get(member, 0)} "
                                    f"study reflection(s) this year", False))
    return sorted(found, key=lambda o: (o.due_on, o.item, o.what))
