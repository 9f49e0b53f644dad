"""Reading the views: roster, work ledger, attendance, dues and obligations ahead.

Each function takes a connection to the read models (and the store where an
entry's fields are needed) and returns plain rows; the CLI only formats them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, select

from ledger.roster import Spell, spell_on
from ledger.store import Store
from projections.readmodels.describe import category, describe
from projections.readmodels.tables import committee, dues_bases, dues_paid, dues_remitted, entries, meetings, spells
from projections.readmodels.views import load_spells

# --- roster -------------------------------------------------------------------------

@dataclass
class RosterRow:
    member: str
    name: str
    status: str
    since: str
    admitted_on: str | None
    converted_on: str | None
    role: str | None


def branch_spells(connection: Connection, branch: str) -> dict[str, list[Spell]]:
    return load_spells(connection, [branch])[branch]


def roster(connection: Connection, branch: str, on: date) -> list[RosterRow]:
    seats = connection.execute(select(committee).where(committee.c.branch == branch)).all()
    result = []
    for member, runs in sorted(branch_spells(connection, branch).items()):
        spell = spell_on({member: runs}, member, on)
        if spell is None:
            continue
        role = next((s.role for s in seats if s.member == member and s.start <= on.isoformat()
                     and (s.end is None or on.isoformat() < s.end)), None)
        result.append(RosterRow(member, spell.name, spell.status_on(on), spell.start.isoformat(),
                                _iso(spell.admitted_on), _iso(spell.converted_on), role))
    return result


def roster_history(connection: Connection, branch: str) -> list[dict[str, Any]]:
    rows = connection.execute(select(spells).where(spells.c.branch == branch)
                              .order_by(spells.c.start, spells.c.member)).all()
    return [dict(row._mapping) for row in rows]


def committee_history(connection: Connection, branch: str) -> list[dict[str, Any]]:
    rows = connection.execute(select(committee).where(committee.c.branch == branch)
                              .order_by(committee.c.start, committee.c.member)).all()
    return [dict(row._mapping) for row in rows]


# --- work ledger --------------------------------------------------------------------

@dataclass
class LedgerRow:
    entry_id: str
    date: str
    category: str
    type: str
    description: str
    status: str  # complete, incomplete, late, retracted, corrected
    recorded_at: str
    recorded_by: str
    replaced_by: str | None = None
    flags: list[str] = field(default_factory=list)


def work_ledger(connection: Connection, store: Store, branch: str, year: int, *,
                lang: str = "zh", late_after_days: int = 7,
                only_category: str | None = None) -> list[LedgerRow]:
    rows = connection.execute(
        select(entries).where(and_(entries.c.branch == branch, entries.c.year == year))
        .order_by(entries.c.date, entries.c.notification_id)).all()
    stored = store.events_at([row.notification_id for row in rows])
    kinds = {row.entry_id: (row.type, stored[row.notification_id].data) for row in rows}
    missing = [row.override_of for row in rows if row.override_of and row.override_of not in kinds]
    if missing:
        for event in store.events_at(sorted(store.positions(missing).values())).values():
            kinds[event.entry_id] = (type(event).__name__, event.data)
    result = []
    for row in rows:
        event = stored[row.notification_id]
        data = json.loads(row.corrected_data) if row.corrected_data else event.data
        target = kinds.get(row.override_of) if row.override_of else None
        group = category(*target) if target else category(row.type, data)
        if only_category and group != only_category:
            continue
        recorded_at = event.timestamp.isoformat()
        flags = []
        if row.status in ("retracted", "corrected"):
            flags.append(row.status)
        if row.incomplete:
            flags.append("incomplete")
        delay = (datetime.fromisoformat(recorded_at).date() - date.fromisoformat(row.original_date)).days
        if delay > late_after_days:
            flags.append("late")
        status = flags[0] if flags else "complete"
        result.append(LedgerRow(row.entry_id, row.date, group, row.type,
                                describe(row.type, data, lang), status, recorded_at,
                                event.recorded_by, row.overridden_by if row.status == "corrected" else None,
                                flags))
    return result


# --- attendance ----------------------------------------------------------------------

@dataclass
class MeetingAttendance:
    entry_id: str
    date: str
    kind: str
    topic: str
    expected: list[str]
    present: list[str]
    excused: list[str]

    @property
    def rate(self) -> float:
        return len(set(self.present) & set(self.expected)) / len(self.expected) if self.expected else 1.0

    @property
    def attended(self) -> str:
        return f"{len(set(self.present) & set(self.expected))}/{len(self.expected)}"

    @property
    def absent(self) -> list[str]:
        return sorted(set(self.expected) - set(self.present) - set(self.excused))


def meetings_of(connection: Connection, branch: str, year: int | None = None) -> list[MeetingAttendance]:
    query = select(meetings).where(meetings.c.branch == branch)
    if year is not None:
        query = query.where(meetings.c.year == year)
    rows = connection.execute(query.order_by(meetings.c.date, meetings.c.entry_id)).all()
    return [MeetingAttendance(r.entry_id, r.date, r.kind, r.topic, json.loads(r.expected),
                              json.loads(r.present), json.loads(r.excused)) for r in rows]


@dataclass
class MemberAttendance:
    member: str
    expected: int = 0
    attended: int = 0
    excused: int = 0
    longest_absence_run: int = 0
    current_absence_run: int = 0

    @property
    def rate(self) -> float:
        return self.attended / self.expected if self.expected else 1.0


def by_member(held: list[MeetingAttendance]) -> list[MemberAttendance]:
    stats: dict[str, MemberAttendance] = {}
    for meeting in held:
        for member in meeting.expected:
            row = stats.setdefault(member, MemberAttendance(member))
            row.expected += 1
            if member in meeting.present:
                row.attended += 1
                row.current_absence_run = 0
            else:
                row.excused += member in meeting.excused
                row.current_absence_run += 1
                row.longest_absence_run = max(row.longest_absence_run, row.current_absence_run)
    return [stats[m] for m in sorted(stats)]


@dataclass
class GroupAttendance:
    group: str
    meetings: int
    expected: int
    present: int

    @property
    def rate(self) -> float:
        return self.present / self.expected if self.expected else 1.0


def by_group(held: list[MeetingAttendance], key: str) -> list[GroupAttendance]:
    """Attendance per meeting kind, month or quarter."""
    groups: dict[str, GroupAttendance] = {}
    for meeting in held:
        name = {"kind": meeting.kind, "month": meeting.date[:7],
                "quarter": f"{meeting.date[:4]}-Q{(int(meeting.date[5:7]) - 1) // 3 + 1}"}[key]
        group = groups.setdefault(name, GroupAttendance(name, 0, 0, 0))
        group.meetings += 1
        group.expected += len(meeting.expected)
        group.present += len(set(meeting.present) & set(meeting.expected))
    return [groups[g] for g in sorted(groups)]


# --- dues -----------------------------------------------------------------------------

def dues_rows(connection: Connection, branch: str) -> tuple[list[Any], list[Any], list[Any]]:
    bases = connection.execute(select(dues_bases).where(dues_bases.c.branch == branch)).all()
    paid = connection.execute(select(dues_paid).where(dues_paid.c.branch == branch)).all()
    remitted = connection.execute(select(dues_remitted).where(dues_remitted.c.branch == branch)).all()
    return list(bases), list(paid), list(remitted)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def branches(connection: Connection) -> list[str]:
    """Every registered branch (not the organisation that adopts rulebooks)."""
    return list(connection.execute(
        select(entries.c.branch).where(and_(entries.c.type == "BranchRegistered", entries.c.status != "retracted"))
        .distinct().order_by(entries.c.branch)).scalars())



# --- one entry ------------------------------------------------------------------------

def overrides_of(connection: Connection, entry_id: str) -> list[str]:
    """The retractions and corrections aimed at an entry, in log order (an entry's page lists them)."""
    rows = connection.execute(select(entries.c.entry_id).where(entries.c.override_of == entry_id)
                              .order_by(entries.c.notification_id)).scalars()
    return list(rows)
