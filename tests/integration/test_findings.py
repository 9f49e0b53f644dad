"""A finding names an item of the rulebook in force and deducts no more than the item may."""

from __future__ import annotations

import pytest

from ledger.application import Ledger
from ledger.errors import InvalidEntry
from tests.conftest import import_example

FINDING = {"type": "FindingRecorded", "branch": "B05", "date": "2025-12-10", "year": 2025,
           "item": "L5", "deduction": "2", "reason": "第一责任人履职不到位"}


def test_a_finding_for_an_item_no_rulebook_has_is_refused_with_suggestions(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    with pytest.raises(InvalidEntry) as refused:
        ledger.record({**FINDING, "item": "L9"})
    assert refused.value.field == "item"
    assert "has no item L9" in refused.value.reason and "did you mean" in refused.value.reason


def test_a_finding_above_the_items_cap_is_refused(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    with pytest.raises(InvalidEntry) as refused:
        ledger.record({**FINDING, "deduction": "9"})
    assert refused.value.field == "deduction" and "L5 deducts at most 5 points; 9 is more" in refused.value.reason
    ledger.record({**FINDING, "deduction": "5"})


def test_an_item_in_lower_case_is_refused_naming_the_right_one(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    with pytest.raises(InvalidEntry, match="did you mean L5"):
        ledger.record({**FINDING, "item": "l5"})
