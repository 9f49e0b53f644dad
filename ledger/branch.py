"""The Branch aggregate: registration, roster, committee and development.

One stream per branch holds the facts that other entries are checked
against (who is on the roster on a day, whether the branch exists). Its
``check`` guards validate an entry; ``apply`` only records the fact, so
replaying the stream never re-validates.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ledger.corrections import OVERRIDE_TYPES, Fact, Resolver
from ledger.errors import InvalidEntry
from ledger.events import LedgerEvent
from ledger.roster import Spell, derive_spells, spell_on
from ledger.schema import Entry

#: a development step and the step it needs before it (for the same person)
DEVELOPMENT_STEPS = {
    "ActivistDesignated": "ApplicationReceived",
    "DevelopmentTargetDesignated": "ActivistDesignated",
}


class BranchState:
    """What the ledger knows of one branch, folded from its stream.

    Attributes:
        code: the branch code.
        stream_id: the id of the branch's stream.
        version: the stream's last version (0 when nothing is stored).
    """

    def __init__(self, code: str, stream_id: UUID) -> None:
        self.code = code
        self.stream_id = stream_id
        self.version = 0
        self.facts = Resolver()
        self._spells: dict[str, list[Spell]] | None = None
        self._registered: Fact | None = None

    # --- folding -------------------------------------------------------------

    def apply(self, event: LedgerEvent) -> None:
        self.version = event.originator_version
        self.facts.add(
            Fact(event.originator_version, event.entry_id, event.entry_type,
                 date.fromisoformat(event.date), event.data)
        )
        self._spells = None
        if event.entry_type in ("BranchRegistered", *OVERRIDE_TYPES):
            self._registered = next(
                (f for f in self.facts.effective() if f.type == "BranchRegistered"), None
            )

    # --- queries -------------------------------------------------------------

    @property
    def registered_on(self) -> date | None:
        return self._registered.date if self._registered else None

    @property
    def spells(self) -> dict[str, list[Spell]]:
        if self._spells is None:
            self._spells = derive_spells(self.facts.effective())
        return self._spells

    def on_roster(self, member: str, day: date) -> bool:
        return spell_on(self.spells, member, day) is not None

    def has_entry(self, entry_id: str) -> bool:
        return entry_id in self.facts.entries

    # --- guards --------------------------------------------------------------

    def check(self, entry: Entry, ignoring: str | None = None) -> None:
        """Raises :class:`InvalidEntry` unless ``entry`` fits this branch's state.

        ``ignoring`` names an entry to leave out, for checking a correction
        as if the entry it replaces had never been recorded.
        """
        spells = self.spells if ignoring is None else derive_spells(
            self.facts.effective(exclude=ignoring)
        )
        if entry.type == "BranchRegistered":
            if self._registered is not None and self._registered.entry_id != ignoring:
                raise InvalidEntry(
                    f"branch {self.code} is already registered (on {self.registered_on})",
                    "branch",
                )
            return
        self.check_exists(entry.date)
        day = entry.date
        kind = entry.type
        member: str = getattr(entry, "member", "")
        if kind in ("MemberRegistered", "MemberTransferredIn", "MemberAdmitted"):
            for spell in spells.get(member, ()):
                if spell.overlaps_from(day):
                    raise InvalidEntry(
                        f"{member} is already on the roster of {self.code} "
                        f"from {spell.start}" + (f" to {spell.end}" if spell.end else ""),
                        "member",
                    )
            return
        if kind == "MemberTransferredOut":
            leaving = spell_on(spells, member, day)
            if leaving is None or leaving.start == day:
                raise InvalidEntry(f"{member} is not on the roster of {self.code} on {day}", "member")
            return
        if kind == "ProbationaryMemberConverted":
            current = spell_on(spells, member, day)
            if current is None:
                raise InvalidEntry(f"{member} is not on the roster of {self.code} on {day}", "member")
            if current.initial_status == "full" or current.converted_on is not None:
                raise InvalidEntry(f"{member} is not a probationary member on {day}", "member")
            if current.admitted_on is not None and day <= current.admitted_on:
                raise InvalidEntry(
                    f"the conversion must come after the admission on {current.admitted_on}", "date"
                )
            return
        if kind in DEVELOPMENT_STEPS:
            self.check_development(entry, kind, DEVELOPMENT_STEPS[kind], ignoring)
            return
        self.check_members(entry, spells)

    def check_exists(self, day: date) -> None:
        if self._registered is None:
            raise InvalidEntry(
                f"branch {self.code} is not registered; record BranchRegistered first", "branch"
            )
        if day < self._registered.date:
            raise InvalidEntry(
                f"{day} is before branch {self.code} was registered ({self._registered.date})",
                "date",
            )

    def check_development(self, entry: Entry, kind: str, before: str, ignoring: str | None) -> None:
        """A development step needs the step before it for the same person, on or before its date."""
        person: str = getattr(entry, "person", "")
        earlier = [f for f in self.facts.effective(exclude=ignoring) if f.type == before
                   and f.data.get("person") == person]
        if not earlier:
            raise InvalidEntry(
                f"{person} has no {before} in branch {self.code}; record that step first", "person"
            )
        first = min(f.date for f in earlier)
        if first > entry.date:
            raise InvalidEntry(f"{kind} on {entry.date} comes before the {before} of {first}", "date")

    def check_members(self, entry: Entry, spells: dict[str, list[Spell]]) -> None:
        day = entry.date
        if entry.type == "ViolationReported":
            day = entry.discovered_on  # type: ignore[attr-defined]
        for field, member in entry.members_named():
            if spell_on(spells, member, day) is None:
                raise InvalidEntry(
                    f"{member} is not on the roster of {self.code} on {day}", field
                )
        if entry.type == "DuesPaid":
            self.check_months_on_roster(entry.member, entry.months, spells)  # type: ignore[attr-defined]
        if entry.type == "ViolationReported" and entry.member:  # type: ignore[attr-defined]
            member = entry.member  # type: ignore[attr-defined]
            if spell_on(spells, member, day) is None:
                raise InvalidEntry(f"{member} is not on the roster of {self.code} on {day}", "member")

    def check_months_on_roster(self, member: str, months: list[str], spells: dict[str, list[Spell]]) -> None:
        """Dues are owed only for months the member was on the roster for at least one day."""
        runs = spells.get(member, [])
        for month in months:
            year, number = int(month[:4]), int(month[5:7])
            first = date(year, number, 1)
            last = date(year + number // 12, number % 12 + 1, 1)  # the first day after the month
            if not any(run.start < last and (run.end is None or run.end > first) for run in runs):
                since = min((run.start for run in runs), default=None)
                raise InvalidEntry(
                    f"{member} was not on the roster of {self.code} in {month}"
                    + (f" (on the roster from {since})" if since else "")
                    + "; no dues are owed for it", "months",
                )
