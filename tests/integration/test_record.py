"""Recording one entry: the invariants of the model, checked against the ledger."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ledger.application import Ledger
from ledger.errors import InvalidEntry

BRANCH = {"type": "BranchRegistered", "branch": "B01", "date": "2024-01-01", "name": "一支部"}


def member(code: str, day: str = "2024-01-01", **extra: Any) -> dict[str, Any]:
    return {"type": "MemberRegistered", "branch": "B01", "date": day, "member": code,
            "name": code, "status": "full", **extra}


def meeting(day: str, present: list[str], **extra: Any) -> dict[str, Any]:
    return {"type": "MeetingHeld", "branch": "B01", "date": day, "kind": "theory_study",
            "topic": "学习", "present": present, **extra}


@pytest.fixture
def branch(ledger: Ledger) -> Ledger:
    ledger.record(BRANCH)
    ledger.record(member("P01"))
    ledger.record(member("P02"))
    return ledger


def rejects(ledger: Ledger, entry: dict[str, Any], field: str, words: str) -> None:
    head = ledger.store.head()
    with pytest.raises(InvalidEntry) as error:
        ledger.record(entry)
    assert error.value.field == field
    assert words in error.value.reason
    assert ledger.store.head() == head


def test_an_entry_for_an_unregistered_branch_is_refused(ledger: Ledger) -> None:
    rejects(ledger, meeting("2025-01-01", []), "branch", "B01 is not registered")


def test_a_branch_is_registered_once(branch: Ledger) -> None:
    rejects(branch, BRANCH, "branch", "already registered")


def test_a_meeting_names_only_members_on_the_roster_that_day(branch: Ledger) -> None:
    branch.record({"type": "MemberTransferredOut", "branch": "B01", "date": "2025-03-01",
                   "member": "P02", "to_org": "X", "requested_on": "2025-02-20"})
    branch.record(meeting("2025-02-28", ["P01", "P02"]))
    rejects(branch, meeting("2025-03-01", ["P01", "P02"]), "present[1]", "P02 is not on the roster")


def test_present_must_be_among_the_expected(branch: Ledger) -> None:
    rejects(branch, meeting("2025-01-01", ["P01", "P02"], expected=["P01"]),
            "present[1]", "not among the expected")


def test_dates_in_the_future_are_refused(branch: Ledger) -> None:
    rejects(branch, meeting("2026-06-02", ["P01"]), "date", "in the future")


def test_money_is_positive_and_in_fen(branch: Ledger) -> None:
    paid = {"type": "DuesPaid", "branch": "B01", "date": "2025-01-05", "member": "P01",
            "months": ["2025-01"]}
    rejects(branch, {**paid, "amount": "-3"}, "amount", "must be positive")
    rejects(branch, {**paid, "amount": "1.005"}, "amount", "more than two decimal places")
    rejects(branch, {**paid, "amount": 2.5}, "amount", "not a float")
    outcome = branch.record({**paid, "amount": "20"})
    exported = json.loads(list(branch.export())[-1])
    assert outcome.stored and exported["amount"] == "20.00"


def test_a_member_joins_the_roster_once_at_a_time(branch: Ledger) -> None:
    rejects(branch, member("P01", "2025-01-01"), "member", "already on the roster")


def test_only_a_probationary_member_is_converted(branch: Ledger) -> None:
    convert = {"type": "ProbationaryMemberConverted", "branch": "B01", "date": "2025-01-01",
               "member": "P01"}
    rejects(branch, convert, "member", "not a probationary member")
    branch.record(member("P03", "2024-03-01", status="probationary", admitted_on="2024-03-01"))
    branch.record({**convert, "member": "P03", "date": "2025-03-02"})
    rejects(branch, {**convert, "member": "P03", "date": "2025-04-01"}, "member",
            "not a probationary member")


def test_a_retraction_names_an_existing_entry_not_already_retracted(branch: Ledger) -> None:
    kept = branch.record({**meeting("2025-01-01", ["P01"]), "id": "m1"})
    retract = {"type": "EntryRetracted", "branch": "B01", "date": "2025-01-02", "reason": "dup"}
    rejects(branch, {**retract, "target": "nope"}, "target", "no entry with id nope")
    branch.record({**retract, "target": kept.entry_id, "id": "r1"})
    rejects(branch, {**retract, "target": "m1"}, "target", "already retracted or corrected by r1")
    # retracting the retraction puts the meeting back, and it can be retracted again
    branch.record({**retract, "target": "r1", "id": "r2"})
    branch.record({**retract, "target": "m1", "id": "r3"})


def test_retracting_a_registration_takes_the_member_off_the_roster(branch: Ledger) -> None:
    registered = branch.record(member("P03"))
    branch.record({"type": "EntryRetracted", "branch": "B01", "date": "2025-01-02",
                   "target": registered.entry_id, "reason": "registered in error"})
    rejects(branch, meeting("2025-02-01", ["P03"]), "present[0]", "P03 is not on the roster")


def test_a_correction_replaces_with_a_valid_entry_of_the_same_type(branch: Ledger) -> None:
    branch.record({**meeting("2025-01-01", ["P01"]), "id": "m1"})
    correct = {"type": "EntryCorrected", "branch": "B01", "date": "2025-01-03",
               "target": "m1", "reason": "P02 was there"}
    rejects(branch, {**correct, "replacement": {**member("P09"), "date": "2025-01-01"}},
            "replacement.type", "can only be replaced by a MeetingHeld")
    rejects(branch, {**correct, "replacement": meeting("2025-01-01", ["P07"])},
            "replacement.present[0]", "P07 is not on the roster")
    rejects(branch, {**correct, "replacement": meeting("2024-12-31", ["P01"])},
            "replacement.date", "keeps the entry in its year")
    branch.record({**correct, "replacement": meeting("2025-01-01", ["P01", "P02"])})
    stored = json.loads(list(branch.export())[-1])
    assert stored["replacement"]["present"] == ["P01", "P02"]
    assert stored["replacement"]["minutes"] is True


def test_a_correction_of_a_membership_entry_is_checked_without_the_original(branch: Ledger) -> None:
    registered = branch.record(member("P03", "2024-06-01"))
    branch.record({"type": "EntryCorrected", "branch": "B01", "date": "2025-01-03",
                   "target": registered.entry_id, "reason": "joined earlier",
                   "replacement": member("P03", "2024-02-01")})
    branch.record(meeting("2024-03-01", ["P03"]))


def test_every_entry_carries_who_and_when(branch: Ledger) -> None:
    first = json.loads(list(branch.export())[0])
    assert first["recorded_by"] == "tester"
    assert first["recorded_at"] == "2026-06-01T09:00:00+00:00"
