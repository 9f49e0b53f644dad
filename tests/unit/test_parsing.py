"""The boundary: every bad field is named with a reason a user can act on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ledger.errors import InvalidEntry
from ledger.parsing import content_digest, load_json_line, parse_entry

MEETING = {"type": "MeetingHeld", "branch": "B01", "date": "2025-03-01", "kind": "theory_study",
           "topic": "学习", "present": ["P01"]}


def error_of(obj: Any) -> tuple[str | None, str]:
    with pytest.raises(InvalidEntry) as error:
        parse_entry(obj)
    return error.value.field, error.value.reason


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"date": "2025-02-30"}, "date", "not a real date"),
        ({"date": "1/3/2025"}, "date", "YYYY-MM-DD"),
        ({"type": "MeetingHappened"}, "type", "unknown entry type"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"kind": "tea"}, "kind", "Input should be"),
        ({"present": ["P01", "P01"]}, "present", "P01 is listed twice"),
        ({"expected": ["P01"], "present": ["P02"]}, "present[0]", "not among the expected"),
        ({"branch": "B 01"}, "branch", "is not a code"),
    ],
)
def test_a_bad_meeting_field_is_named(change: dict[str, Any], field: str, words: str) -> None:
    found_field, reason = error_of({**MEETING, **change})
    assert (found_field, words in reason) == (field, True)


def test_a_missing_field_is_named() -> None:
    assert error_of({k: v for k, v in MEETING.items() if k != "topic"}) == ("topic", "missing")


def test_a_committee_has_at_most_one_secretary() -> None:
    seats = [{"member": "P01", "role": "secretary"}, {"member": "P02", "role": "secretary"}]
    field, reason = error_of({"type": "CommitteeElected", "branch": "B01", "date": "2025-01-01",
                              "term_years": 3, "members": seats})
    assert field == "members" and "at most one secretary" in reason


def test_nested_fields_are_named_with_their_path() -> None:
    seats = [{"member": "P01", "role": "boss"}]
    field, _ = error_of({"type": "CommitteeElected", "branch": "B01", "date": "2025-01-01",
                         "term_years": 3, "members": seats})
    assert field == "members[0].role"


def test_json_numbers_are_read_as_decimals_never_floats() -> None:
    obj = load_json_line('{"amount": 12.10}')
    assert obj["amount"] == Decimal("12.10")
    entry = parse_entry({"type": "DuesRemitted", "branch": "B01", "date": "2025-02-05",
                         "month": "2025-01", "amount": obj["amount"]})
    assert entry.payload()["amount"] == "12.10"


def test_a_line_that_is_not_json_says_where() -> None:
    with pytest.raises(InvalidEntry) as error:
        load_json_line('{"type": ')
    assert "not valid JSON" in error.value.reason and "column" in error.value.reason


def test_the_content_digest_ignores_who_and_when_but_not_what() -> None:
    base = parse_entry(MEETING)
    assert content_digest(base) == content_digest(parse_entry(
        {**MEETING, "id": "x", "recorded_by": "someone", "recorded_at": "2025-03-01T10:00:00+08:00"}))
    assert content_digest(base) == content_digest(parse_entry({**MEETING, "minutes": True}))
    assert content_digest(base) != content_digest(parse_entry({**MEETING, "topic": "别的"}))


def test_a_probationary_member_needs_an_admission_date() -> None:
    field, _ = error_of({"type": "MemberRegistered", "branch": "B01", "date": "2025-01-01",
                         "member": "P01", "name": "x", "status": "probationary"})
    assert field == "admitted_on"


def test_a_dues_base_is_a_due_or_an_income_not_both() -> None:
    base = {"type": "DuesBaseDeclared", "branch": "B01", "date": "2025-01-01", "member": "P01",
            "from_month": "2025-01"}
    assert "exactly one" in error_of(base)[1]
    assert "exactly one" in error_of({**base, "monthly_due": "5", "monthly_income": "5000"})[1]
    assert error_of({**base, "from_month": "2025-13", "monthly_due": "5"})[0] == "from_month"
