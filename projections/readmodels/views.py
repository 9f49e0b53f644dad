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
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update

from ledger.corrections import OVERRIDE_TYPES, Fact, Resolver, corrected
from ledger.events import LedgerEvent
from ledger.roster import MEMBERSHIP_TYPES, Spell, derive_spells
from ledger.schema import ENTRY_TYPES
from ledger.store import Store
from ledger.values import add_years, split_amount  # noqa: F401 - re-exported for old imports
from projections.readmodels.tables import (
    VIEW_TABLES,
    committee,
    dues_bases,
    dues_paid,
    dues_remitted,
    entries,
    facts,
    meetings,
    spells,
)
from projections.scoring.committee import COMMITTEE_TYPES, committee_seats, expected_by_default

_TABLE_OF = {"DuesBaseDeclared": dues_bases, "DuesRemitted": dues_remitted}
BRANCH_TYPES = frozenset(name for name, model in ENTRY_TYPES.items() if model.stream == "branch")
# entries whose fields pj_facts keeps: all but dues payments (pj_dues_paid), overrides and the organisation's
FACT_TYPES = frozenset(name for name, model in ENTRY_TYPES.items()
                       if model.stream in ("branch", "year") and name != "DuesPaid")
FEN = Decimal("0.01")
_COLUMNS = {table: [column.name for column in table.columns] for table in VIEW_TABLES}
# one encoder for every row (json.dumps with an option builds a new encoder each call)
to_json = json.JSONEncoder(ensure_ascii=False).encode


class Page:
    """What one page changes, buffered until its end."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.rows: dict[Table, list[tuple[Any, ...]]] = defaultdict(list)
        self.membership: dict[str, str] = {}  # branch -> earliest date whose roster changed
        self.committees: set[str] = set()
        # meetings whose expected attendees default to the roster: held back
        # until the page's roster is known (branch -> entry id -> row)
        self.new_meetings: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.overridden: list[str] = []  # targets of this page's retractions and corrections
        self.removals: dict[Table, list[str]] = defaultdict(list)  # rows to delete, by entry id
        self.payments_removed: list[int] = []  # payments whose shares to delete, by position
        self.marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.rows[table].append(tuple([row[name] for name in _COLUMNS[table]]))

    def add_tuple(self, table: Table, row: tuple[Any, ...]) -> None:
        """A row already in the table's column order (the hot path)."""
        self.rows[table].append(row)

    def flush(self) -> None:
        """Inserts the buffered rows, one statement per table, straight to the driver.

        SQLite takes an ``executemany``; PostgreSQL a ``COPY … FROM STDIN``,
        its fastest way in: rows stream in one round trip and psycopg's C
        implementation encodes them.
        """
        for table in VIEW_TABLES:
            rows = self.rows.pop(table, None)
            if not rows:
                continue
            quoted = ", ".join(f'"{column.name}"' for column in table.columns)
            if self.marker == "?":
                markers = ", ".join("?" * len(table.columns))
                self.connection.exec_driver_sql(
                    f"INSERT INTO {table.name} ({quoted}) VALUES ({markers})", rows)
                continue
            driver = self.connection.connection.driver_connection
            assert driver is not None
            with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def membership_changed(self, branch: str, day: str) -> None:
        known = self.membership.get(branch)
        self.membership[branch] = day if known is None else min(known, day)


class Views:
    """The projection: ``apply_page`` is all a runner calls."""

    name = "views"
    # 2: pj_facts holds every entry's fields, pj_dues_paid its log position and part;
    # 3: a branch committee meeting that names nobody expects the committee in office
    version = 3
    tables: Sequence[Table] = VIEW_TABLES

    def __init__(self, store: Store) -> None:
        self.store = store
        self.apply_later: list[tuple[int, str, str, str, str, dict[str, Any]]] = []

    def apply_page(self, connection: Connection, page: Sequence[tuple[int, LedgerEvent]]) -> None:
        work = Page(connection)
        entry_rows = work.rows[entries]
        paid_rows = work.rows[dues_paid]
        apply_fact = self.apply_fact
        fact_rows = work.rows[facts]
        for notification_id, event in page:
            kind = type(event).__name__
            data = event.data
            day = event.date
            if kind == "DuesPaid" and len(data["months"]) == 1:
                # the commonest entry by far: its two rows without a call
                entry_rows.append((notification_id, event.entry_id, event.branch, kind, day,
                                   int(day[:4]), day, False, None, "active", None, None))
                paid_rows.append((event.entry_id, event.branch, data["member"], data["months"][0],
                                  data["amount"], day, notification_id, 0))
                continue
            is_override = kind in OVERRIDE_TYPES
            # in the column order of projections.readmodels.tables.entries
            entry_rows.append((
                notification_id, event.entry_id, event.branch, kind, day, int(day[:4]), day,
                kind == "MeetingHeld" and is_incomplete(data), None, "active",
                data["target"] if is_override else None, None,
            ))
            if kind in FACT_TYPES:
                fact_rows.append((notification_id, event.branch, kind, to_json(data)))
            if is_override:
                work.overridden.append(data["target"])
            else:
                apply_fact(work, notification_id, event.entry_id, kind, event.branch, day, data)
        work.flush()
        self.finish(work)

    # --- facts --------------------------------------------------------------------

    def apply_fact(self, work: Page, position: int, entry_id: str, kind: str, branch: str, day: str,
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
                "expected": "[]", "present": json.dumps(data["present"]),
                "excused": json.dumps(data.get("excused") or []),
                "expected_count": 0, "present_count": 0, "excused_count": 0,
            }
            if given is not None:
                self.fill_attendance(work, row, given)
                work.add(meetings, row)
            else:
                work.new_meetings[branch][entry_id] = row
        elif kind == "DuesBaseDeclared":
            work.add(dues_bases, {
                "entry_id": entry_id, "branch": branch, "member": data["member"], "date": day,
                "from_month": data["from_month"], "monthly_due": data.get("monthly_due"),
                "monthly_income": data.get("monthly_income"), "category": data["category"],
            })
        elif kind == "DuesPaid":
            months = data["months"]
            if len(months) == 1:
                work.add_tuple(dues_paid, (entry_id, branch, data["member"], months[0],
                                           data["amount"], day, position, 0))
                return
            shares = split_amount(data["amount"], len(months))
            for part, (month, share) in enumerate(zip(months, shares, strict=True)):
                work.add_tuple(dues_paid, (entry_id, branch, data["member"], month, str(share), day, position,
                                           part))
        elif kind == "DuesRemitted":
            work.add(dues_remitted, {"entry_id": entry_id, "branch": branch, "month": data["month"],
                                     "amount": data["amount"], "remitted_on": day})

    def remove_fact(self, work: Page, position: int, entry_id: str, kind: str, branch: str, day: str) -> None:
        """Queues the removal of an entry's rows (done in one statement per table)."""
        if kind in MEMBERSHIP_TYPES:
            work.membership_changed(branch, day)
        elif kind in COMMITTEE_TYPES:
            work.committees.add(branch)
        elif kind == "MeetingHeld":
            work.removals[meetings].append(entry_id)
            work.new_meetings.get(branch, {}).pop(entry_id, None)
        elif kind == "DuesPaid":
            work.payments_removed.append(position)
        elif kind in _TABLE_OF:
            work.removals[_TABLE_OF[kind]].append(entry_id)

    # --- retractions and corrections ------------------------------------------------

    def resolve(self, work: Page) -> None:
        """Re-derives every entry whose retractions or corrections changed in this page.

        Runs once at the end of the page: the entries in effect depend only on
        which overrides exist, not on the order they arrived in.
        """
        connection = work.connection
        roots: dict[str, Any] = {}
        pending = sorted(set(work.overridden))
        while pending:
            positions = sorted(self.store.positions(pending).values())
            rows = connection.execute(
                select(entries).where(entries.c.notification_id.in_(positions))).all()
            pending = []
            for row in rows:
                if row.override_of is None:
                    roots[row.entry_id] = row
                else:
                    pending.append(row.override_of)
        if not roots:
            return
        tree = _Overrides(connection, list(roots))
        fields = self.store.events_at(sorted(
            {row.notification_id for row in roots.values()} | tree.notification_ids()))
        status_updates = list(tree.statuses())
        for root in roots.values():
            in_effect = tree.in_effect(root.entry_id)
            if root.status != "retracted":
                self.remove_fact(work, root.notification_id, root.entry_id, root.type, root.branch, root.date)
            corrected_data: str | None = None
            if in_effect is None or in_effect.type == "EntryRetracted":
                status = "active" if in_effect is None else "retracted"
                data, day = fields[root.notification_id].data, root.original_date
            else:
                restated = corrected(
                    Fact(root.notification_id, root.entry_id, root.type, date.fromisoformat(root.original_date), {}),
                    Fact(in_effect.notification_id, in_effect.entry_id, in_effect.type,
                         date.fromisoformat(in_effect.date), fields[in_effect.notification_id].data))
                day, data = restated.date.isoformat(), restated.data
                status = "corrected"
                corrected_data = to_json(data)
            connection.execute(update(entries).where(
                entries.c.notification_id == root.notification_id).values(
                status=status, corrected_data=corrected_data, date=day, year=int(day[:4]),
                incomplete=root.type == "MeetingHeld" and is_incomplete(data),
                overridden_by=in_effect.entry_id if in_effect is not None else None))
            if status != "retracted":
                self.apply_later.append((root.notification_id, root.entry_id, root.type, root.branch, day, data))
        if status_updates:
            connection.execute(
                update(entries).where(entries.c.notification_id == bindparam("position"))
                .values(status=bindparam("new_status")),
                [{"position": position, "new_status": status} for position, status in status_updates])
        for table, ids in work.removals.items():
            connection.execute(delete(table).where(table.c.entry_id.in_(ids)))
        work.removals.clear()
        if work.payments_removed:
            connection.execute(delete(dues_paid).where(dues_paid.c.notification_id.in_(work.payments_removed)))
            work.payments_removed = []
        for position, entry_id, kind, branch, day, data in self.apply_later:
            self.apply_fact(work, position, entry_id, kind, branch, day, data)
        self.apply_later.clear()
        work.flush()

    # --- end of page: what depends on the roster ---------------------------------------

    def finish(self, work: Page) -> None:
        """Everything that depends on the roster, once per page, for all branches at once."""
        connection = work.connection
        self.resolve(work)
        if work.committees:
            self.rebuild_committees(connection, sorted(work.committees))
        roster: dict[str, dict[str, list[Spell]]] = {}
        if work.membership:
            roster = self.rebuild_spells(connection, sorted(work.membership))
            # meetings stored earlier whose roster may have changed: recompute them too
            # only meetings on or after a changed date: not every meeting the branches ever held
            stale = [row for row in connection.execute(select(meetings).where(and_(
                meetings.c.branch.in_(sorted(work.membership)),
                meetings.c.date >= min(work.membership.values()),
                meetings.c.expected_given.is_(False))))
                if row.date >= work.membership[row.branch]]
            if stale:
                connection.execute(delete(meetings).where(
                    meetings.c.entry_id.in_([row.entry_id for row in stale])))
                for row in stale:
                    work.new_meetings[row.branch].setdefault(row.entry_id, dict(row._mapping))
        if work.committees:
            # committee meetings that name nobody expect the committee in office: recompute them
            for row in connection.execute(select(meetings).where(and_(
                    meetings.c.branch.in_(sorted(work.committees)), meetings.c.kind == "branch_committee",
                    meetings.c.expected_given.is_(False)))):
                connection.execute(delete(meetings).where(meetings.c.entry_id == row.entry_id))
                work.new_meetings[row.branch].setdefault(row.entry_id, dict(row._mapping))
        waiting = sorted(b for b, held in work.new_meetings.items() if held and b not in roster)
        roster.update(load_spells(connection, waiting))
        with_committee = sorted(b for b, held in work.new_meetings.items()
                                if any(m["kind"] == "branch_committee" for m in held.values()))
        seats_of: dict[str, list[Any]] = defaultdict(list)
        if with_committee:
            for seat in connection.execute(select(committee).where(committee.c.branch.in_(with_committee))):
                seats_of[seat.branch].append(seat)
        for branch, held in sorted(work.new_meetings.items()):
            branch_spells = roster.get(branch, {})
            for meeting in held.values():
                day = date.fromisoformat(meeting["date"])
                on_roster = [m for m, runs in branch_spells.items() if any(s.contains(day) for s in runs)]
                expected = expected_by_default(meeting["kind"], day, on_roster, seats_of.get(branch, ()))
                self.fill_attendance(work, meeting, expected)
                work.add(meetings, meeting)
        work.new_meetings.clear()
        work.flush()

    @staticmethod
    def fill_attendance(work: Page, meeting: dict[str, Any], expected: Iterable[str]) -> None:
        """Who was expected: the given list or the roster, plus anyone present or excused."""
        present = json.loads(meeting["present"])
        excused = json.loads(meeting["excused"])
        everyone = sorted(set(expected).union(present, excused))
        meeting.update(expected=json.dumps(everyone), expected_count=len(everyone),
                       present_count=len(present), excused_count=len(excused))

    @staticmethod
    def rebuild_spells(connection: Connection, branches: list[str]) -> dict[str, dict[str, list[Spell]]]:
        by_branch = effective_facts(connection, branches, MEMBERSHIP_TYPES)
        connection.execute(delete(spells).where(spells.c.branch.in_(branches)))
        derived = {branch: derive_spells(by_branch.get(branch, [])) for branch in branches}
        rows = [{
            "branch": branch, "member": s.member, "name": s.name, "start": s.start.isoformat(),
            "end": _iso(s.end), "initial_status": s.initial_status, "admitted_on": _iso(s.admitted_on),
            "converted_on": _iso(s.converted_on), "joined_by": s.joined_by,
            "joined_entry": s.joined_entry,
        } for branch, members in derived.items() for runs in members.values() for s in runs]
        if rows:
            connection.execute(insert(spells), rows)
        return derived

    @staticmethod
    def rebuild_committees(connection: Connection, branches: list[str]) -> None:
        by_branch = effective_facts(connection, branches, COMMITTEE_TYPES)
        connection.execute(delete(committee).where(committee.c.branch.in_(branches)))
        seats = [seat for branch in branches for seat in committee_seats(branch, by_branch.get(branch, []))]
        if seats:
            connection.execute(insert(committee), seats)


def catch_up(store: Store) -> int:
    """Brings the views up to the store's head (one query when they are current); returns events applied."""
    from projections.readmodels.runner import Runner

    runner = Runner(store, Views(store))
    try:
        return runner.catch_up()
    finally:
        runner.close()


class _Overrides:
    """The overrides hanging from some entries, as stored in ``pj_entries``, resolved by the one
    :class:`ledger.corrections.Resolver` (the same rules as the store-side facts and the branch guards)."""

    def __init__(self, connection: Connection, roots: list[str]) -> None:
        self.resolver = Resolver()
        self.rows: dict[str, Any] = {}
        frontier = list(roots)
        while frontier:
            rows = connection.execute(
                select(entries.c.entry_id, entries.c.type, entries.c.notification_id,
                       entries.c.override_of, entries.c.date)
                .where(entries.c.override_of.in_(frontier))
                .order_by(entries.c.notification_id)).all()
            for row in rows:
                self.rows[row.entry_id] = row
                self.resolver.add(Fact(row.notification_id, row.entry_id, row.type, date.fromisoformat(row.date),
                                       {"target": row.override_of}))
            frontier = [row.entry_id for row in rows]

    def notification_ids(self) -> set[int]:
        return {row.notification_id for row in self.rows.values()}

    def in_effect(self, entry_id: str) -> Any:
        override = self.resolver.overrider(entry_id)
        return None if override is None else self.rows[override]

    def statuses(self) -> Iterable[tuple[int, str]]:
        """Each override's own status (by position): retracted when a retraction of it is in effect."""
        for row in self.rows.values():
            yield row.notification_id, "retracted" if self.resolver.overrider(row.entry_id) else "active"


def effective_facts(
    connection: Connection, branches: list[str], kinds: Iterable[str]
) -> dict[str, list[Fact]]:
    """Branches' registration, committee or membership facts in effect, in log order."""
    rows = connection.execute(
        select(entries.c.notification_id, entries.c.entry_id, entries.c.type, entries.c.date,
               facts.c.branch, facts.c.data, entries.c.corrected_data)
        .join(facts, facts.c.notification_id == entries.c.notification_id)
        .where(and_(facts.c.branch.in_(branches), facts.c.type.in_(sorted(kinds)),
                    entries.c.status != "retracted"))
        .order_by(entries.c.notification_id)).all()
    found: dict[str, list[Fact]] = defaultdict(list)
    for r in rows:
        found[r.branch].append(Fact(
            r.notification_id, r.entry_id, r.type, date.fromisoformat(r.date),
            json.loads(r.corrected_data if r.corrected_data is not None else r.data), r.branch))
    return found


def is_incomplete(data: dict[str, Any]) -> bool:
    """A meeting record without minutes or with an empty topic (O4)."""
    return not data.get("minutes", True) or not str(data.get("topic", "")).strip()


def load_spells(connection: Connection, branches: list[str]) -> dict[str, dict[str, list[Spell]]]:
    """The stored spells of some branches: branch -> member -> spells."""
    result: dict[str, dict[str, list[Spell]]] = {branch: {} for branch in branches}
    if not branches:
        return result
    for row in connection.execute(select(spells).where(spells.c.branch.in_(branches))
                                  .order_by(spells.c.branch, spells.c.member, spells.c.start)):
        result[row.branch].setdefault(row.member, []).append(spell_from_row(row))
    return result


def spell_from_row(row: Any) -> Spell:
    return Spell(member=row.member, name=row.name, start=date.fromisoformat(row.start),
                 end=_date(row.end), initial_status=row.initial_status,
                 admitted_on=_date(row.admitted_on), converted_on=_date(row.converted_on),
                 joined_by=row.joined_by, joined_entry=row.joined_entry)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
