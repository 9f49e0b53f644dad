"""One unit of work: entries checked against the ledger and appended together.

Entries are validated in order, each against the state the earlier ones
leave (branch state is folded in memory; ids and overrides are looked up in
the open transaction). Nothing is visible to others until the transaction
commits, so an import is all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from ledger.acting import Actor, actor_of, check_recording, folded_grants
from ledger.branch import BranchState
from ledger.content_checks import check_content
from ledger.corrections import OVERRIDE_TYPES, Fact, Resolver
from ledger.credentials import CredentialsTable
from ledger.errors import ConflictingEntry, InvalidEntry
from ledger.events import EVENT_CLASSES, LedgerEvent
from ledger.grants import ROLE_TYPES, Grants
from ledger.parsing import parse_entry
from ledger.schema import Entry
from ledger.store import EntryRow, KnownEntry, Store, Writer
from ledger.streams import ORGANISATION, USERS, branch_stream, year_stream


@dataclass(frozen=True)
class Recorded:
    """The outcome of one entry: stored now, or already stored with the same content."""

    entry_id: str
    type: str
    branch: str
    stored: bool
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class _Pending:
    event: LedgerEvent

    @property
    def originator_id(self) -> UUID:
        return self.event.originator_id

    @property
    def type(self) -> str:
        return self.event.entry_type


def duplicate_keys(kind: str, data: dict[str, Any], day: date) -> list[tuple[str, ...]]:
    """What makes two entries probably the same fact: a member-month paid, a meeting's kind, day and topic."""
    if kind == "DuesPaid":
        return [("paid", data["member"], month) for month in data["months"]]
    if kind == "MeetingHeld":
        return [("meeting", data["kind"], day.isoformat(), (data.get("topic") or "").strip())]
    return []


class UnitOfWork:
    def __init__(
        self, store: Store, writer: Writer, *, now: Callable[[], datetime], user: str,
        keep_recorded_at: bool = False, migrating: bool = False,
    ) -> None:
        self.store = store
        # the roles in effect (the store's kept fold until a role entry is queued, then a copy)
        self.grants: Grants | None = None
        self.grants_copied = False
        # who records, once looked up: a known user (checked on every entry) or None (the administrator)
        self.actor: Actor | None = None
        self.actor_known = False
        # recorded times are kept only in a migration into an empty store: anywhere
        # else a kept time would backdate an entry and hide that it was recorded late
        self.migrating = migrating
        self.writer = writer
        self.now = now
        self.user = user
        self.keep_recorded_at = keep_recorded_at
        self.branches: dict[str, BranchState] = {}
        self.versions: dict[UUID, int] = {}
        self.known: dict[str, KnownEntry | _Pending | None] = {}
        self.pending: list[LedgerEvent] = []
        self.rows: list[EntryRow] = []
        self.pending_targets: dict[str, list[str]] = {}
        # per branch-year stream, what a probable duplicate is checked against
        # (built on first need, dropped when a retraction or correction lands in the stream)
        self.duplicates: dict[UUID, dict[tuple[str, ...], str]] = {}

    # --- state ----------------------------------------------------------------

    def branch(self, code: str) -> BranchState:
        state = self.branches.get(code)
        if state is None:
            state = BranchState(code, branch_stream(code))
            for stored in self.writer.stream(state.stream_id):
                state.apply(self.store.mapper.to_domain_event(stored))  # type: ignore[arg-type]
            self.branches[code] = state
        return state

    def prefetch(self, entry_ids: Sequence[str]) -> None:
        """Looks up many ids in one query; remembers the ones not stored too."""
        missing = [i for i in entry_ids if i not in self.known]
        if missing:
            self.known.update(dict.fromkeys(missing))
            self.known.update(self.writer.lookup(missing))

    def find(self, entry_id: str) -> KnownEntry | _Pending | None:
        if entry_id not in self.known:
            self.prefetch([entry_id])
        return self.known[entry_id]

    def next_version(self, stream: UUID) -> int:
        version = self.versions.get(stream)
        if version is None:
            version = self.writer.last_version(stream)
        self.versions[stream] = version + 1
        return version + 1

    # --- recording -------------------------------------------------------------

    def record(self, entry: Entry, entry_id: str, *, confirmed: bool = False) -> Recorded:
        """Validates one entry and queues its event; raises :class:`InvalidEntry`.

        ``confirmed`` records a probable duplicate meeting anyway (the user said so).
        """
        if not self.actor_known:
            self.actor = actor_of(self.user, self.role_grants(), CredentialsTable(self.store).find(
                self.writer.cursor, self.user))
            self.actor_known = True
        if self.actor is not None:
            self.check_permitted(self.actor, entry)
        data = entry.payload()
        existing = self.find(entry_id)
        if existing is not None:
            if not self.same_content(entry, data, existing):
                raise ConflictingEntry(
                    f"{entry_id} is already stored with different content", "id"
                )
            return Recorded(entry_id, existing.type, entry.branch, stored=False)
        now = self.now()
        today = now.astimezone().date()
        self.check_not_future(entry, today)
        check_content(entry, self.store)
        if entry.stream == "organisation":
            return self.queue(entry, entry_id, ORGANISATION, data, now)
        if entry.stream == "users":
            self.check_role_entry(entry, data)
            return self.queue(entry, entry_id, USERS, data, now)
        state = self.branch(entry.branch)
        if entry.stream == "branch":
            state.check(entry)
            stream = state.stream_id
        elif entry.stream == "year":
            state.check_exists(entry.date)
            state.check_members(entry, state.spells)
            stream = year_stream(entry.branch, entry.date.year)
            self.check_not_duplicate(entry, entry_id, confirmed)
        else:
            stream = self.check_override(entry, state, today, data)
        return self.queue(entry, entry_id, stream, data, now, state)

    # --- who records ----------------------------------------------------------------

    def check_permitted(self, actor: Actor, entry: Entry) -> None:
        """The acting user's permission check (a retraction or correction also needs its target's)."""
        target_type, organisation_level = None, entry.stream in ("organisation", "users")
        if entry.type in OVERRIDE_TYPES:
            target = self.find(entry.target)  # type: ignore[attr-defined]
            if target is not None:
                target_type = target.type
                organisation_level = target.originator_id in (ORGANISATION, USERS)
        check_recording(actor, entry, target_type, organisation_level)

    def role_grants(self) -> Grants:
        """The roles in effect, as the transaction sees them."""
        if self.grants is None:
            version = self.writer.last_version(USERS)
            self.grants = folded_grants(self.store, version, lambda: (
                self.store.mapper.to_domain_event(stored) for stored in self.writer.stream(USERS)))
        return self.grants

    def check_role_entry(self, entry: Entry, data: dict[str, Any]) -> None:
        """A grant of a role not held yet, a revocation of one held, for a registered branch."""
        self.role_grants().check(entry.type, data)
        if data.get("for_branch") and entry.type == "RoleGranted":
            try:
                self.branch(data["for_branch"]).check_exists(entry.date)
            except InvalidEntry as error:
                raise InvalidEntry(error.reason, "for_branch") from None

    # --- probable duplicates -------------------------------------------------------

    def duplicate_index(self, stream: UUID) -> dict[tuple[str, ...], str]:
        """Payments by (member, month) and meetings by (kind, date, topic) in effect in a stream."""
        index = self.duplicates.get(stream)
        if index is None:
            facts = Resolver()
            for stored in self.writer.stream(stream):
                event: Any = self.store.mapper.to_domain_event(stored)
                facts.add(Fact(event.originator_version, event.entry_id, event.entry_type,
                               date.fromisoformat(event.date), event.data))
            for pending in self.pending:
                if pending.originator_id == stream:
                    facts.add(Fact(pending.originator_version, pending.entry_id, pending.entry_type,
                                   date.fromisoformat(pending.date), pending.data))
            index = {}
            for fact in facts.effective():
                for key in duplicate_keys(fact.type, fact.data, fact.date):
                    index.setdefault(key, fact.entry_id)
            self.duplicates[stream] = index
        return index

    def check_not_duplicate(self, entry: Entry, entry_id: str, confirmed: bool) -> None:
        data = entry.payload()
        if entry.type == "DuesPaid":
            if data.get("top_up"):
                return
            # a month's payment lives in the stream of the year it was paid in: from the year
            # before the month (paid ahead) to the year of this payment (arrears)
            first = min(int(month[:4]) for month in data["months"]) - 1
            last = max(entry.date.year, first + 1)
            for year in range(max(first, last - 5), last + 1):
                index = self.duplicate_index(year_stream(entry.branch, year))
                for key in duplicate_keys(entry.type, data, entry.date):
                    paid = index.get(key)
                    if paid is not None and paid != entry_id:
                        raise InvalidEntry(
                            f"{key[2]} of {key[1]} is already paid by {paid}; if this adds to that "
                            "payment, mark it as a top-up (top_up: true, --top-up)", "months",
                        )
        elif entry.type == "MeetingHeld" and not confirmed and entry.id is None:
            index = self.duplicate_index(year_stream(entry.branch, entry.date.year))
            for key in duplicate_keys(entry.type, data, entry.date):
                if key in index and index[key] != entry_id:
                    raise InvalidEntry(
                        f"a {data['kind']} meeting on {entry.date} about {data.get('topic')!r} is already "
                        f"recorded as {index[key]}; to record a second one, confirm it (--yes) or give it "
                        "its own id", "topic",
                    )

    def note_duplicates(self, event: LedgerEvent) -> None:
        index = self.duplicates.get(event.originator_id)
        if index is None:
            return
        if event.entry_type in OVERRIDE_TYPES:
            del self.duplicates[event.originator_id]  # rebuilt with the override in effect
            return
        for key in duplicate_keys(event.entry_type, event.data, date.fromisoformat(event.date)):
            index.setdefault(key, event.entry_id)

    def queue(self, entry: Entry, entry_id: str, stream: UUID, data: dict[str, Any], now: datetime,
              state: BranchState | None = None) -> Recorded:
        """Builds the entry's event and queues it for the next flush."""
        if self.keep_recorded_at and entry.recorded_at and not self.migrating:
            raise InvalidEntry(
                "--keep-recorded-at keeps recorded times only in a migration into an empty store; "
                "this store already holds entries, so this one would be backdated", "recorded_at",
            )
        recorded_at = entry.recorded_at if self.keep_recorded_at and entry.recorded_at else now
        event = EVENT_CLASSES[entry.type](
            originator_id=stream,
            originator_version=self.next_version(stream),
            timestamp=recorded_at,
            entry_id=entry_id,
            branch=entry.branch,
            date=entry.date.isoformat(),
            recorded_by=entry.recorded_by or self.user,
            note=entry.note,
            data=data,
        )
        if state is not None and stream == state.stream_id:
            state.apply(event)
        if entry.type in ROLE_TYPES:
            if not self.grants_copied:  # never change the store's kept fold
                self.grants, self.grants_copied = self.role_grants().copy(), True
            assert self.grants is not None
            self.grants.apply(entry.type, data)
        target = data.get("target") if entry.type in OVERRIDE_TYPES else None
        self.pending.append(event)
        self.note_duplicates(event)
        self.rows.append(EntryRow(entry_id, target))
        self.known[entry_id] = _Pending(event)
        if target:
            self.pending_targets.setdefault(target, []).append(entry_id)
        return Recorded(entry_id, entry.type, entry.branch, stored=True, recorded_at=recorded_at)

    def stored_event(self, known: KnownEntry | _Pending) -> LedgerEvent:
        if isinstance(known, _Pending):
            return known.event
        decoded: Any = self.store.mapper.to_domain_event(self.writer.event(known.notification_id))
        return decoded  # type: ignore[no-any-return]

    def same_content(self, entry: Entry, data: dict[str, Any], known: KnownEntry | _Pending) -> bool:
        """Whether an entry says what the stored one says (who and when aside)."""
        stored = self.stored_event(known)
        if entry.type == "EntryCorrected":
            try:
                data = {**data, "replacement": normal_replacement(data["replacement"])}
            except InvalidEntry:
                return False
        return (stored.entry_type, stored.branch, stored.date, stored.note, stored.data) == (
            entry.type, entry.branch, entry.date.isoformat(), entry.note, data)

    @staticmethod
    def check_not_future(entry: Entry, today: date) -> None:
        if entry.date > today:
            raise InvalidEntry(f"{entry.date} is in the future (today is {today})", "date")

    def check_override(
        self, entry: Entry, state: BranchState, today: date, data: dict[str, Any]
    ) -> UUID:
        """Checks a retraction or correction; returns the stream of its target."""
        target_id: str = entry.target  # type: ignore[attr-defined]
        target = self.find(target_id)
        if target is None:
            raise InvalidEntry(f"no entry with id {target_id} is stored", "target")
        if target.type in ROLE_TYPES:
            raise InvalidEntry(
                f"{target_id} is a {target.type}; a role is undone by granting or revoking it "
                "(taizhang users grant / revoke), never by retracting the entry", "target",
            )
        branch, target_date = self.describe(target)
        if branch != entry.branch:
            raise InvalidEntry(f"{target_id} belongs to branch {branch}, not {entry.branch}", "target")
        if target.originator_id != ORGANISATION:
            state.check_exists(entry.date)
        overrider = self.override_in_effect(target_id)
        if overrider is not None:
            raise InvalidEntry(
                f"{target_id} is already retracted or corrected by {overrider}; "
                f"retract {overrider} first", "target",
            )
        if entry.type == "EntryCorrected":
            if target.type in OVERRIDE_TYPES:
                raise InvalidEntry(
                    f"{target_id} is a {target.type}; a correction replaces a recorded fact, "
                    "so retract it instead", "target",
                )
            data["replacement"] = self.check_replacement(entry, target, target_date, state, today)
        return target.originator_id

    def check_replacement(
        self, entry: Entry, target: KnownEntry | _Pending, target_date: date,
        state: BranchState, today: date,
    ) -> dict[str, Any]:
        raw = entry.replacement  # type: ignore[attr-defined]
        for forbidden in ("id", "recorded_at"):
            if forbidden in raw:
                raise InvalidEntry(
                    "a replacement takes the id of the entry it corrects", f"replacement.{forbidden}"
                )
        replacement = parse_entry(raw, prefix="replacement")
        check_content(replacement, self.store)
        if replacement.type != target.type:
            raise InvalidEntry(
                f"{target.type} can only be replaced by a {target.type}; "
                "retract it and record the new entry instead", "replacement.type",
            )
        if replacement.branch != entry.branch:
            raise InvalidEntry("a correction stays in its branch", "replacement.branch")
        try:
            self.check_not_future(replacement, today)
            if replacement.stream == "branch":
                state.check(replacement, ignoring=entry.target)  # type: ignore[attr-defined]
            else:
                if replacement.date.year != target_date.year:
                    raise InvalidEntry(
                        "a correction keeps the entry in its year; retract it and record "
                        "the entry again for another year", "date",
                    )
                state.check_exists(replacement.date)
                state.check_members(replacement, state.spells)
        except InvalidEntry as error:
            where = f"replacement.{error.field}" if error.field else "replacement"
            raise InvalidEntry(error.reason, where) from None
        return normal_replacement(replacement)

    def override_in_effect(self, entry_id: str) -> str | None:
        """The retraction or correction now in effect on an entry, if any."""
        for override in self.writer.overriders(entry_id) + self.pending_targets.get(entry_id, []):
            if self.override_in_effect(override) is None:
                return override
        return None

    def describe(self, target: KnownEntry | _Pending) -> tuple[str, date]:
        """The branch and business date of an entry already recorded."""
        event = self.stored_event(target)
        return event.branch, date.fromisoformat(event.date)

    def flush(self) -> None:
        if not self.pending:
            return
        to_stored = self.store.mapper.to_stored_event
        self.writer.append([to_stored(e) for e in self.pending], self.rows)
        self.pending = []
        self.rows = []
        self.pending_targets = {}
        self.known = {}


def normal_replacement(replacement: Entry | dict[str, Any]) -> dict[str, Any]:
    """A correction's replacement as stored: validated, defaults filled in."""
    if isinstance(replacement, dict):
        replacement = parse_entry(replacement, prefix="replacement")
    normal: dict[str, Any] = {
        "type": replacement.type, "branch": replacement.branch,
        "date": replacement.date.isoformat(),
    }
    if replacement.note is not None:
        normal["note"] = replacement.note
    normal.update(replacement.payload())
    return normal
