"""Pure derivations: spells on the roster, and which entries are in effect."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.corrections import Fact, Resolver
from ledger.roster import derive_spells, roster_on, spell_on


def fact(seq: int, kind: str, day: str, **data: Any) -> Fact:
    return Fact(seq, f"e{seq}", kind, date.fromisoformat(day), data)


def test_a_transfer_in_counts_from_its_day_and_a_transfer_out_ends_the_day_before() -> None:
    spells = derive_spells([
        fact(1, "MemberTransferredIn", "2025-05-10", member="P11", name="x", status="full"),
        fact(2, "MemberTransferredOut", "2025-09-01", member="P11"),
    ])
    [spell] = spells["P11"]
    assert roster_on(spells, date(2025, 5, 9)) == []
    assert roster_on(spells, date(2025, 5, 10)) == ["P11"]
    assert roster_on(spells, date(2025, 8, 31)) == ["P11"]
    assert roster_on(spells, date(2025, 9, 1)) == []
    assert (spell.end - spell.start).days == 114  # type: ignore[operator]


def test_an_admission_makes_a_probationary_member_until_conversion() -> None:
    spells = derive_spells([
        fact(1, "MemberAdmitted", "2025-07-01", person="A01", member="P12", name="x"),
        fact(2, "ProbationaryMemberConverted", "2026-07-02", member="P12"),
    ])
    spell = spell_on(spells, "P12", date(2025, 7, 1))
    assert spell is not None and spell.admitted_on == date(2025, 7, 1)
    assert spell.status_on(date(2026, 7, 1)) == "probationary"
    assert spell.status_on(date(2026, 7, 2)) == "full"


def test_facts_are_applied_in_date_order_whatever_order_they_were_recorded() -> None:
    spells = derive_spells([
        fact(2, "MemberTransferredOut", "2025-09-01", member="P01"),
        fact(1, "MemberRegistered", "2020-01-01", member="P01", name="x", status="full"),
    ])
    assert spells["P01"][0].end == date(2025, 9, 1)


def test_a_retraction_removes_an_entry_and_retracting_it_restores_the_entry() -> None:
    resolver = Resolver()
    resolver.add(fact(1, "MeetingHeld", "2025-01-01", topic="a"))
    resolver.add(fact(2, "EntryRetracted", "2025-01-02", target="e1", reason="x"))
    assert [f.entry_id for f in resolver.effective()] == []
    resolver.add(fact(3, "EntryRetracted", "2025-01-03", target="e2", reason="undo"))
    assert [f.entry_id for f in resolver.effective()] == ["e1"]
    assert resolver.status("e1") == "active" and resolver.status("e2") == "retracted"


def test_a_correction_restates_the_entry_in_its_place() -> None:
    resolver = Resolver()
    resolver.add(fact(1, "MeetingHeld", "2025-01-01", topic="a"))
    resolver.add(fact(2, "MeetingHeld", "2025-01-05", topic="b"))
    resolver.add(fact(3, "EntryCorrected", "2025-01-09", target="e1", reason="x", replacement={
        "type": "MeetingHeld", "branch": "B01", "date": "2025-01-02", "topic": "a2"}))
    effective = list(resolver.effective())
    assert [(f.entry_id, f.date.day, f.data["topic"]) for f in effective] == [
        ("e1", 2, "a2"), ("e2", 5, "b")]
    assert resolver.status("e1") == "corrected"
