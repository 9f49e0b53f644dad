"""Importing JSON Lines: all or nothing, every bad line named, idempotent."""

from __future__ import annotations

import json

import pytest

from ledger.application import Ledger
from ledger.errors import ImportRejected
from tests.conftest import example_lines, import_example


def snapshot(ledger: Ledger) -> tuple[int, list[str]]:
    return ledger.store.head(), list(ledger.export())


def replace_line(lines: list[str], entry_id: str, **changes: object) -> list[str]:
    changed = []
    for line in lines:
        obj = json.loads(line)
        if obj.get("id") == entry_id:
            obj.update(changes)
            line = json.dumps(obj, ensure_ascii=False) + "\n"
        changed.append(line)
    return changed


def line_number_of(lines: list[str], entry_id: str) -> int:
    return next(n for n, line in enumerate(lines, 1) if f'"id": "{entry_id}"' in line)


@pytest.mark.parametrize("name", ["model-branch-2025", "troubled-branch-2025"])
def test_both_examples_import_cleanly(ledger: Ledger, name: str) -> None:
    lines = example_lines(name)
    summary = ledger.import_lines(lambda: lines)
    assert summary.stored == len([line for line in lines if line.strip()])
    assert summary.skipped == 0
    assert ledger.verify().ok


def test_importing_the_same_file_twice_stores_each_event_once(ledger: Ledger) -> None:
    import_example(ledger, "troubled-branch-2025")
    before = snapshot(ledger)
    again = ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
    assert again.stored == 0 and again.skipped == 118
    assert snapshot(ledger) == before


@pytest.mark.parametrize(
    ("entry_id", "changes", "field", "reason"),
    [
        ("B07-0039", {"date": "2025-02-30"}, "date", "2025-02-30 is not a real date"),
        ("B07-0039", {"present": ["P01", "P99"]}, "present[1]", "P99 is not on the roster of B07"),
        ("B07-0016", {"date": "2019-05-01"}, "date", "before branch B07 was registered"),
    ],
    ids=["bad date", "unknown member", "meeting before the branch exists"],
)
def test_one_broken_line_refuses_the_whole_file_and_names_it(
    ledger: Ledger, entry_id: str, changes: dict[str, object], field: str, reason: str
) -> None:
    import_example(ledger, "model-branch-2025")
    before = snapshot(ledger)
    lines = replace_line(example_lines("troubled-branch-2025"), entry_id, **changes)
    with pytest.raises(ImportRejected) as rejected:
        ledger.import_lines(lambda: lines)
    [error] = rejected.value.errors
    assert error.line == line_number_of(lines, entry_id)
    assert error.field == field
    assert reason in error.reason
    assert snapshot(ledger) == before


def test_every_bad_line_is_reported_at_once(ledger: Ledger) -> None:
    lines = example_lines("model-branch-2025")
    lines[12] = "{not json\n"
    lines[20] = lines[20].replace('"kind": "branch_committee"', '"kind": "tea_party"')
    lines[50] = lines[50].replace('"type": "StudyReflectionSubmitted"', '"type": "Nonsense"')
    with pytest.raises(ImportRejected) as rejected:
        ledger.import_lines(lambda: lines)
    found = [(e.line, e.field) for e in rejected.value.errors]
    assert found == [(13, None), (21, "kind"), (51, "type")]
    assert ledger.store.head() == 0


def test_a_stored_id_with_different_content_is_an_error(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    lines = replace_line(example_lines("model-branch-2025"), "B05-0039", topic="Another topic")
    with pytest.raises(ImportRejected) as rejected:
        ledger.import_lines(lambda: lines)
    [error] = rejected.value.errors
    assert (error.field, error.line) == ("id", 39)
    assert "already stored with different content" in error.reason


def test_a_file_without_ids_is_idempotent_too(ledger: Ledger) -> None:
    lines = [json.dumps({k: v for k, v in json.loads(line).items() if k != "id"}) + "\n"
             for line in example_lines("model-branch-2025")]
    # two identical payments are two facts, and stay two on every import
    lines.append(lines[-1])
    first = ledger.import_lines(lambda: lines)
    second = ledger.import_lines(lambda: lines)
    assert first.stored == 103
    assert (second.stored, second.skipped) == (0, 103)


def test_recorded_at_is_the_import_time_unless_kept_in_a_migration(ledger: Ledger) -> None:
    line = json.dumps({"type": "BranchRegistered", "branch": "B01", "date": "2024-01-01",
                       "name": "一支部", "recorded_at": "2024-01-02T08:30:00+08:00"})
    ledger.import_lines(lambda: [line], keep_recorded_at=True)  # into an empty store: a migration
    other = line.replace("B01", "B02")
    ledger.import_lines(lambda: [other])
    stamps = [json.loads(x)["recorded_at"] for x in ledger.export()]
    assert stamps == ["2024-01-02T08:30:00+08:00", "2026-06-01T09:00:00+00:00"]
    with pytest.raises(ImportRejected) as rejected:
        ledger.import_lines(lambda: [line.replace("B01", "B03")], keep_recorded_at=True)
    assert "backdated" in rejected.value.errors[0].reason


def test_blank_lines_and_comments_are_skipped(ledger: Ledger) -> None:
    lines = ["# a comment\n", "\n", *example_lines("model-branch-2025")[:3]]
    assert ledger.import_lines(lambda: lines).stored == 3


def test_reimporting_a_correction_written_without_defaults_is_a_no_op(ledger: Ledger) -> None:
    lines = example_lines("model-branch-2025")
    lines.append(json.dumps({
        "type": "EntryCorrected", "id": "fix-1", "branch": "B05", "date": "2025-11-06",
        "target": "B05-0041", "reason": "P10 left early",
        "replacement": {"type": "MeetingHeld", "branch": "B05", "date": "2025-11-05",
                        "kind": "theory_study", "topic": "Theory study",
                        "present": ["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09"]},
    }) + "\n")
    assert ledger.import_lines(lambda: lines).stored == 103
    assert ledger.import_lines(lambda: lines).skipped == 103
