"""The ``views`` projection: the work ledger, roster, committee, attendance and dues.

All these read models advance together (one tracking position), so the roster
a meeting's attendance was computed from is always the roster the roster view
shows. Each page is applied with few statements: rows are buffered and
inserted per table at the end of the page; what depends on the roster (spells,
meetings whose expected attendees default to the roster) is recomputed once
per page for the branches whose membership changed.

Retractions and corrections follow :mod:`ledger.corrections`: the entry they
override is taken out of every view and, when a correction is in effect, put
back with the replacement's fields.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, insert, select, update

from ledger.corrections import OVERRIDE_TYPES, Fact
from ledger.events import LedgerEvent
from ledger.roster import MEMBERSHIP_TYPES, Spell, derive_spells
from projections.tables import (
    VIEW_TABLES, attendance, committee, dues_bases, dues_paid, dues_remitted, entries, meetings,
    spells,
)

COMMITTEE_TYPES = frozenset({"CommitteeElected", "CommitteeMemberAdded"})
FEN = Decimal("0.01")


class Page:
    """What one page changes, buffered until its end."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.rows: dict[Table, list[dict[str, Any]]] = defaultdict(list)
        self.membership: dict[str, str] = {}  # branch -> earliest date whose roster changed
        self.committees: set[str] = set()
        self.new_meetings: dict[str, list[str]] = defaultdict(list)  # branch -> entry ids

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        for table in VIEW_TABLES:
            rows = self.rows.pop(table, None)
            if rows:
                self.connection.execute(insert(table), rows)

    def membership_changed(self, branch: str, day: str) -> None:
        known = self.membership.get(branch)
        self.membership[branch] = day if known is None else min(known, day)


class Views:
    """The projection: ``apply_page`` is all a runner calls."""

    name = "views"
    version = 1
    tables: Sequence[Table] = VIEW_TABLES

    def apply_page(self, connection: Connection, page: Sequence[tuple[int, LedgerEvent]]) -> None:
        work = Page(connection)
        for notification_id, event in page:
            data_text = json.dumps(event.data, ensure_ascii=False)
            is_override = event.entry_type in OVERRIDE_TYPES
            work.add(entries, {
                "notification_id": notification_id, "entry_id": event.entry_id,
                "branch": event.branch, "type": event.entry_type, "date": event.date,
                "year": int(event.date[:4]), "recorded_at": event.timestamp.isoformat(),
                "recorded_by": event.recorded_by, "note": event.note, "data": data_text,
                "original": data_text, "original_date": event.date, "status": "active",
                "override_of": event.data["target"] if is_override else None,
                "overridden_by": None,
            })
            if is_override:
                work.flush()
                self.resolve(work, event.data["target"])
            else:
                self.apply_fact(work, event.entry_id, event.entry_type, event.branch, event.date,
                                event.data)
        work.flush()
        self.finish(work)

    # --- facts --------------------------------------------------------------------

    def apply_fact(self, work: Page, entry_id: str, kind: str, branch: str, day: str,
                   data: dict[str, Any]) -> None:
        if kind in MEMBERSHIP_TYPES:
            work.membership_changed(branch, day)
        elif kind in COMMITTEE_TYPES:
            work.committees.add(branch)
        elif kind == "MeetingHeld":
            given = data.get("expected")
            row = {
                "entry_id": entry_id, "branch": branch, "year": int(day[:4]), "date": day,
                "kind": data["kind"], "topic": data["topic"], "thematic": data["thematic"],
                "minutes": data["minutes"], "leader_report": data["leader_report"],
                "lecturer_role": data.get("lecturer_role"), "expected_given": given is not None,
                "present": json.dumps(data["present"]), "excused": json.dumps(data.get("excused") or []),
                "expected_count": 0, "present_count": 0, "excused_count": 0,
            }
            if given is not None:
                self.fill_attendance(work, row, given)
            else:
                work.new_meetings[branch].append(entry_id)
            work.add(meetings, row)
        elif kind == "DuesBaseDeclared":
            work.add(dues_bases, {
                "entry_id": entry_id, "branch": branch, "member": data["member"], "date": day,
                "from_month": data["from_month"], "monthly_due": data.get("monthly_due"),
                "monthly_income": data.get("monthly_income"), "category": data["category"],
            })
        elif kind == "DuesPaid":
            for month, share in zip(data["months"], split_amount(data["amount"], len(data["months"])),
                                    strict=True):
                work.add(dues_paid, {"entry_id": entry_id, "branch": branch, "member": data["member"],
                                     "month": month, "amount": str(share), "paid_on": day})
        elif kind == "DuesRemitted":
            work.add(dues_remitted, {"entry_id": entry_id, "branch": branch, "month": data["month"],
                                     "amount": data["amount"], "remitted_on": day})

    def remove_fact(self, work: Page, entry_id: str, kind: str, branch: str, day: str) -> None:
        connection = work.connection
        if kind in MEMBERSHIP_TYPES:
            work.membership_changed(branch, day)
        elif kind in COMMITTEE_TYPES:
            work.committees.add(branch)
        elif kind == "MeetingHeld":
            connection.execute(delete(meetings).where(meetings.c.entry_id == entry_id))
            connection.execute(delete(attendance).where(attendance.c.entry_id == entry_id))
            if entry_id in work.new_meetings.get(branch, ()):
                work.new_meetings[branch].remove(entry_id)
        elif kind == "DuesBaseDeclared":
            connection.execute(delete(dues_bases).where(dues_bases.c.entry_id == entry_id))
        elif kind == "DuesPaid":
            connection.execute(delete(dues_paid).where(dues_paid.c.entry_id == entry_id))
        elif kind == "DuesRemitted":
            connection.execute(delete(dues_remitted).where(dues_remitted.c.entry_id == entry_id))

    # --- retractions and corrections ------------------------------------------------

    def resolve(self, work: Page, target: str) -> None:
        """Re-derives the entry at the root of ``target``'s chain of overrides."""
        connection = work.connection
        root = connection.execute(select(entries).where(entries.c.entry_id == target)).one()
        while root.override_of is not None:
            root = connection.execute(
                select(entries).where(entries.c.entry_id == root.override_of)).one()
        tree = _Overrides(connection, root.entry_id)
        for entry_id, status in tree.statuses():
            connection.execute(update(entries).where(entries.c.entry_id == entry_id)
                               .values(status=status))
        in_effect = tree.in_effect(root.entry_id)
        if root.status != "retracted":
            self.remove_fact(work, root.entry_id, root.type, root.branch, root.date)
        if in_effect is None:
            status, data, day = "active", json.loads(root.original), root.original_date
        elif in_effect.type == "EntryRetracted":
            status, data, day = "retracted", json.loads(root.original), root.original_date
        else:
            replacement = dict(json.loads(in_effect.data)["replacement"])
            day = replacement.pop("date")
            for common in ("type", "branch", "note"):
                replacement.pop(common, None)
            status, data = "corrected", replacement
        connection.execute(update(entries).where(entries.c.entry_id == root.entry_id).values(
            status=status, data=json.dumps(data, ensure_ascii=False), date=day, year=int(day[:4]),
            overridden_by=in_effect.entry_id if in_effect is not None else None))
        if status != "retracted":
            self.apply_fact(work, root.entry_id, root.type, root.branch, day, data)
            work.flush()

    # --- end of page: what depends on the roster ---------------------------------------

    def finish(self, work: Page) -> None:
        connection = work.connection
        for branch in sorted(work.committees):
            self.rebuild_committee(connection, branch)
        roster: dict[str, dict[str, list[Spell]]] = {}
        for branch, since in sorted(work.membership.items()):
            roster[branch] = self.rebuild_spells(connection, branch)
            stale = connection.execute(select(meetings.c.entry_id).where(and_(
                meetings.c.branch == branch, meetings.c.expected_given.is_(False),
                meetings.c.date >= since))).scalars()
            for entry_id in stale:
                if entry_id not in work.new_meetings[branch]:
                    work.new_meetings[branch].append(entry_id)
        for branch, entry_ids in sorted(work.new_meetings.items()):
            if not entry_ids:
                continue
            branch_spells = roster.get(branch) or load_spells(connection, branch)
            rows = connection.execute(select(meetings).where(meetings.c.entry_id.in_(entry_ids))).all()
            connection.execute(delete(attendance).where(attendance.c.entry_id.in_(entry_ids)))
            for row in rows:
                meeting = dict(row._mapping)
                day = date.fromisoformat(meeting["date"])
                expected = [m for m, runs in branch_spells.items() if any(s.contains(day) for s in runs)]
                self.fill_attendance(work, meeting, expected)
                connection.execute(update(meetings).where(meetings.c.entry_id == meeting["entry_id"])
                                   .values(expected_count=meeting["expected_count"],
                                           present_count=meeting["present_count"],
                                           excused_count=meeting["excused_count"]))
        work.flush()

    @staticmethod
    def fill_attendance(work: Page, meeting: dict[str, Any], expected: Iterable[str]) -> None:
        present = set(json.loads(meeting["present"]))
        excused = set(json.loads(meeting["excused"]))
        everyone = sorted(set(expected) | present | excused)
        for member in everyone:
            state = "present" if member in present else "excused" if member in excused else "absent"
            work.add(attendance, {"entry_id": meeting["entry_id"], "branch": meeting["branch"],
                                  "date": meeting["date"], "kind": meeting["kind"],
                                  "member": member, "state": state})
        meeting.update(expected_count=len(everyone), present_count=len(present),
                       excused_count=len(excused))

    @staticmethod
    def rebuild_spells(connection: Connection, branch: str) -> dict[str, list[Spell]]:
        facts = effective_facts(connection, branch, MEMBERSHIP_TYPES)
        derived = derive_spells(facts)
        connection.execute(delete(spells).where(spells.c.branch == branch))
        rows = [{
            "branch": branch, "member": s.member, "name": s.name, "start": s.start.isoformat(),
            "end": _iso(s.end), "initial_status": s.initial_status, "admitted_on": _iso(s.admitted_on),
            "converted_on": _iso(s.converted_on), "joined_by": s.joined_by,
            "joined_entry": s.joined_entry,
        } for runs in derived.values() for s in runs]
        if rows:
            connection.execute(insert(spells), rows)
        return derived

    @staticmethod
    def rebuild_committee(connection: Connection, branch: str) -> None:
        facts = sorted(effective_facts(connection, branch, COMMITTEE_TYPES), key=lambda f: (f.date, f.seq))
        seats: list[dict[str, Any]] = []
        term_end: str | None = None
        for fact in facts:
            day = fact.date.isoformat()
            if fact.type == "CommitteeElected":
                for seat in seats:
                    if seat["end"] is None:
                        seat["end"] = day
                term_end = fact.date.replace(year=fact.date.year + fact.data["term_years"]).isoformat() \
                    if not (fact.date.month == 2 and fact.date.day == 29) else \
                    date(fact.date.year + fact.data["term_years"], 2, 28).isoformat()
                for seat in fact.data["members"]:
                    seats.append({"branch": branch, "member": seat["member"], "role": seat["role"],
                                  "start": day, "end": None, "term_end": term_end,
                                  "entry_id": fact.entry_id})
            else:
                seats.append({"branch": branch, "member": fact.data["member"], "role": fact.data["role"],
                              "start": day, "end": None, "term_end": term_end,
                              "entry_id": fact.entry_id})
        connection.execute(delete(committee).where(committee.c.branch == branch))
        if seats:
            connection.execute(insert(committee), seats)


class _Overrides:
    """The overrides hanging from one entry, as stored in ``pj_entries``."""

    def __init__(self, connection: Connection, root: str) -> None:
        self.children: dict[str, list[Any]] = defaultdict(list)
        frontier = [root]
        while frontier:
            rows = connection.execute(
                select(entries.c.entry_id, entries.c.type, entries.c.data, entries.c.override_of)
                .where(entries.c.override_of.in_(frontier))
                .order_by(entries.c.notification_id)).all()
            for row in rows:
                self.children[row.override_of].append(row)
            frontier = [row.entry_id for row in rows]

    def in_effect(self, entry_id: str) -> Any:
        for child in self.children.get(entry_id, ()):
            if self.in_effect(child.entry_id) is None:
                return child
        return None

    def statuses(self) -> Iterable[tuple[str, str]]:
        """Each override's own status: retracted when a retraction of it is in effect."""
        for children in self.children.values():
            for child in children:
                yield child.entry_id, "retracted" if self.in_effect(child.entry_id) else "active"


def effective_facts(connection: Connection, branch: str, kinds: Iterable[str]) -> list[Fact]:
    rows = connection.execute(
        select(entries.c.notification_id, entries.c.entry_id, entries.c.type, entries.c.date,
               entries.c.data)
        .where(and_(entries.c.branch == branch, entries.c.type.in_(sorted(kinds)),
                    entries.c.status != "retracted"))
        .order_by(entries.c.notification_id)).all()
    return [Fact(r.notification_id, r.entry_id, r.type, date.fromisoformat(r.date), json.loads(r.data),
                 branch) for r in rows]


def load_spells(connection: Connection, branch: str) -> dict[str, list[Spell]]:
    result: dict[str, list[Spell]] = defaultdict(list)
    for row in connection.execute(select(spells).where(spells.c.branch == branch)
                                  .order_by(spells.c.member, spells.c.start)):
        result[row.member].append(spell_from_row(row))
    return dict(result)


def spell_from_row(row: Any) -> Spell:
    return Spell(member=row.member, name=row.name, start=date.fromisoformat(row.start),
                 end=_date(row.end), initial_status=row.initial_status,
                 admitted_on=_date(row.admitted_on), converted_on=_date(row.converted_on),
                 joined_by=row.joined_by, joined_entry=row.joined_entry)


def split_amount(amount: str, parts: int) -> list[Decimal]:
    """Splits a payment equally over its months, in fen; spare fen go to the earliest months."""
    total = Decimal(amount)
    share = (total / parts).quantize(FEN, rounding=ROUND_DOWN)
    spare = int((total - share * parts) / FEN)
    return [share + FEN if index < spare else share for index in range(parts)]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
