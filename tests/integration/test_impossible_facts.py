"""Facts the roster and the development steps make impossible are refused, with the reason."""

from __future__ import annotations

import pytest

from ledger.application import Ledger
from ledger.errors import InvalidEntry
from tests.conftest import import_example


def test_dues_for_a_month_before_the_member_joined_are_refused(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    ledger.record({"type": "MemberTransferredIn", "branch": "B05", "date": "2025-03-19", "member": "P99",
                   "name": "新党员", "status": "full", "from_org": "某支部",
                   "requested_on": "2025-03-01"})
    with pytest.raises(InvalidEntry) as refused:
        ledger.record({"type": "DuesPaid", "branch": "B05", "date": "2025-03-20", "member": "P99",
                       "months": ["2025-01", "2025-03"], "amount": "20.00"})
    assert refused.value.field == "months"
    assert "P99 was not on the roster of B05 in 2025-01" in refused.value.reason
    assert "2025-03-19" in refused.value.reason
    # the month it joined in, and months paid ahead, are fine
    ledger.record({"type": "DuesPaid", "branch": "B05", "date": "2025-03-20", "member": "P99",
                   "months": ["2025-03", "2025-04"], "amount": "20.00"})


def test_an_activist_needs_an_application_and_a_target_needs_an_activist(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    with pytest.raises(InvalidEntry, match="A77 has no ApplicationReceived"):
        ledger.record({"type": "ActivistDesignated", "branch": "B05", "date": "2025-03-01", "person": "A77",
                       "name": "某某"})
    ledger.record({"type": "ApplicationReceived", "branch": "B05", "date": "2025-01-10", "person": "A77",
                   "name": "某某"})
    with pytest.raises(InvalidEntry, match="A77 has no ActivistDesignated"):
        ledger.record({"type": "DevelopmentTargetDesignated", "branch": "B05", "date": "2025-04-01",
                       "person": "A77"})
    with pytest.raises(InvalidEntry, match="comes before the ApplicationReceived of 2025-01-10"):
        ledger.record({"type": "ActivistDesignated", "branch": "B05", "date": "2025-01-05", "person": "A77"})
    ledger.record({"type": "ActivistDesignated", "branch": "B05", "date": "2025-03-01", "person": "A77"})
