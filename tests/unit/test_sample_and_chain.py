"""The sample generator is deterministic; the chain hash covers content and order."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from ledger.chain import GENESIS, link_hash
from ledger.sample import generate


def test_the_same_seed_gives_the_same_lines_and_another_seed_does_not() -> None:
    first = list(generate(3, 8, 2025, seed=7, until=date(2026, 6, 1)))
    assert first == list(generate(3, 8, 2025, seed=7, until=date(2026, 6, 1)))
    assert first != list(generate(3, 8, 2025, seed=8, until=date(2026, 6, 1)))


def test_a_small_sample_shows_every_profile_and_the_records_a_year_needs() -> None:
    entries = list(generate(4, 10, 2025, seed=1, until=date(2026, 6, 1)))
    kinds = Counter(e["type"] for e in entries)
    for needed in ("BranchRegistered", "MeetingHeld", "DuesPaid", "DuesRemitted",
                   "MemberTransferredIn", "MemberAdmitted", "ProbationaryMemberConverted",
                   "EntryRetracted", "FindingRecorded", "ViolationReported"):
        assert kinds[needed] > 0, needed
    assert all(e["date"] <= "2026-06-01" for e in entries)


def test_a_link_hash_changes_with_content_predecessor_and_position() -> None:
    stream = uuid4()
    event = StoredEvent(stream, 1, "ledger.events:MeetingHeld", b'{"topic":"a"}')
    base = link_hash(GENESIS, event)
    assert base == link_hash(GENESIS, event)
    assert base != link_hash(GENESIS, StoredEvent(stream, 1, event.topic, b'{"topic":"b"}'))
    assert base != link_hash(GENESIS, StoredEvent(stream, 2, event.topic, event.state))
    assert base != link_hash("1" * 64, event)
