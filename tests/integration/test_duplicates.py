"""Probable duplicates are caught: a member-month paid twice, the same meeting recorded twice."""

from __future__ import annotations

import pytest

from ledger.application import Ledger
from ledger.errors import InvalidEntry
from tests.conftest import import_example

PAYMENT = {"type": "DuesPaid", "branch": "B05", "date": "2025-02-03", "member": "P03",
           "months": ["2025-02"], "amount": "20.00"}
LECTURE = {"type": "MeetingHeld", "branch": "B05", "date": "2025-12-02", "kind": "party_lecture",
           "topic": "学习党章", "present": ["P01", "P02"]}


def test_a_month_paid_twice_is_refused_unless_a_top_up(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")  # P03 paid the whole of 2025 in January
    with pytest.raises(InvalidEntry) as refused:
        ledger.record(PAYMENT)
    assert refused.value.field == "months" and "2025-02 of P03 is already paid by" in refused.value.reason
    assert ledger.record({**PAYMENT, "top_up": True}).stored


def test_a_payment_made_twice_in_one_import_is_refused(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    ledger.record({**PAYMENT, "member": "P01", "months": ["2026-01"], "date": "2025-12-20"})
    with pytest.raises(InvalidEntry, match="2026-01 of P01 is already paid"):
        ledger.record({**PAYMENT, "member": "P01", "months": ["2026-01"], "date": "2026-01-05"})


def test_a_retracted_payment_no_longer_blocks_the_month(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    first = ledger.record({**PAYMENT, "member": "P01", "months": ["2026-02"], "date": "2025-12-20"})
    ledger.record({"type": "EntryRetracted", "branch": "B05", "date": "2025-12-21", "target": first.entry_id,
                   "reason": "wrong member"})
    assert ledger.record({**PAYMENT, "member": "P01", "months": ["2026-02"], "date": "2025-12-22"}).stored


def test_the_same_meeting_twice_needs_confirmation_or_its_own_id(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    ledger.record(LECTURE)
    with pytest.raises(InvalidEntry) as refused:
        ledger.record(LECTURE)
    assert "already recorded as" in refused.value.reason and "--yes" in refused.value.reason
    assert ledger.record(LECTURE, confirmed=True).stored
    assert ledger.record({**LECTURE, "id": "lecture-2"}).stored
    assert ledger.record({**LECTURE, "topic": "学习党史"}).stored
