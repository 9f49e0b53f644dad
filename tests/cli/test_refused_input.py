"""Input the docs say must be refused is refused: named by line and field, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from projections.rulebook import default_rulebook
from tests.conftest import EXAMPLES

runner = CliRunner()
BRANCH = (EXAMPLES / "model-branch-2025.jsonl").read_text().splitlines()[:12]  # B05 and its first members


def run(*args: str, db: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def seeded(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'seeded.db'}"
    history = tmp_path / "history.jsonl"
    history.write_text("\n".join(BRANCH) + "\n")
    assert run("import", str(history), db=db)[0] == 0
    return db


def import_one(tmp_path: Path, db: str, line: str) -> tuple[int, str]:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    code, out, err = run("import", str(bad), "--format", "json", db=db)
    assert "Traceback" not in err
    return code, out


def exported(db: str) -> list[str]:
    return run("export", db=db)[1].splitlines()


PAYMENT = {"type": "DuesPaid", "branch": "B05", "date": "2025-01-06", "member": "P01",
           "months": ["2025-01"], "amount": "20.00"}


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("months", ["٢٠٢٥-٠١"], "expected a month written YYYY-MM"),
    ("months", ["2025-01\n"], "expected a month written YYYY-MM"),
    ("date", "２０２５-01-06", "expected a date written YYYY-MM-DD"),
    ("date", "2025-01-06\n", "expected a date written YYYY-MM-DD"),
    ("member", "P01\n", "is not a code"),
    ("branch", "B05\n", "is not a code"),
    ("amount", "٢٠", "is not an amount of money"),
    ("amount", "1e308", "is not an amount of money"),
    ("amount", "12345678901234567890123456789012", "too large"),
    ("note", "a\u0000b", "unprintable character U+0000"),
    ("note", "bell\u0007", "unprintable character U+0007"),
])
def test_a_value_that_only_looks_right_is_refused_with_its_field(
        tmp_path: Path, field: str, value: object, reason: str) -> None:
    db = seeded(tmp_path)
    before = exported(db)
    code, out = import_one(tmp_path, db, json.dumps({**PAYMENT, field: value}, ensure_ascii=False))
    assert code == 1
    (error,) = json.loads(out)["errors"]
    assert error["line"] == 1 and error["field"].startswith(field) and reason in error["reason"]
    assert exported(db) == before


@pytest.mark.parametrize("line", [
    '{"type": "DuesPaid", "amount": 1e308, "branch": "B05", "date": "2025-01-06", "member": "P01", '
    '"months": ["2025-01"]}',
    '{"type": "DuesPaid", "amount": 123456789012345678901234567890123, "branch": "B05", '
    '"date": "2025-01-06", "member": "P01", "months": ["2025-01"]}',
    "[" * 1001 + "]" * 1001,
    '{"type": "ActivityLogged", "branch": "B05", "date": "2025-01-06", "kind": "funds_budgeted", "detail": '
    + "[" * 1001 + "]" * 1001 + "}",
])
def test_absurd_lines_are_listed_with_the_others_not_crashed_on(tmp_path: Path, line: str) -> None:
    db = seeded(tmp_path)
    bad = tmp_path / "bad.jsonl"
    later_bad = json.dumps({**PAYMENT, "date": "2025-02-30"})
    bad.write_text(line + "\n" + later_bad + "\n")
    code, out, err = run("import", str(bad), "--format", "json", db=db)
    assert code == 1 and "Traceback" not in err
    assert [error["line"] for error in json.loads(out)["errors"]] == [1, 2]


def test_a_retraction_dated_before_its_branch_existed_is_refused(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    code, out = import_one(tmp_path, db, json.dumps({
        "type": "EntryRetracted", "branch": "B05", "date": "1990-01-01", "target": "B05-0002",
        "reason": "typo"}))
    assert code == 1
    assert json.loads(out)["errors"][0]["field"] == "date"


def adoption(**changes: object) -> str:
    book = default_rulebook()
    line = {"type": "RulebookAdopted", "branch": "ORG", "date": "2025-01-01", "version": book.version,
            "digest": book.digest, "effective_from": 2025, "content": book.model_dump(mode="json")}
    line.update(changes)
    return json.dumps(line, ensure_ascii=False)


def test_a_bogus_rulebook_adoption_is_refused_when_recorded_and_score_keeps_working(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    content = default_rulebook().model_dump(mode="json")
    content["categories"] = "none"
    code, out = import_one(tmp_path, db, adoption(content=content))
    assert code == 1 and json.loads(out)["errors"][0]["field"] == "content"
    code, out = import_one(tmp_path, db, adoption(digest="sha256:" + "0" * 64))
    assert code == 1
    (error,) = json.loads(out)["errors"]
    assert error["field"] == "digest" and default_rulebook().digest in error["reason"]
    assert run("score", "-y", "2025", db=db)[0] == 0


def test_a_true_rulebook_adoption_is_stored(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    code, out = import_one(tmp_path, db, adoption())
    assert code == 0, out


def test_import_says_what_a_path_that_is_not_a_file_is(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert "is a folder" in run("import", str(tmp_path), db=db)[2]
    assert "not a regular file" in run("import", "/dev/null", db=db)[2]
    assert "no such file" in run("import", str(tmp_path / "none.jsonl"), db=db)[2]


def test_an_empty_file_and_comment_lines_are_counted_aloud(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, out, _ = run("import", str(empty), db=db)
    assert code == 0 and "0 entries stored" in out
    commented = tmp_path / "commented.jsonl"
    commented.write_text("# exported from the old system\n" + BRANCH[0] + "\n")
    code, out, _ = run("import", str(commented), "--format", "json", db=db)
    assert code == 0 and json.loads(out)["comments"] == 1 and json.loads(out)["stored"] == 1


def test_a_list_with_an_empty_item_is_refused(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    code, _, err = run("log", "meeting-held", "-b", "B05", "--kind", "theory_study", "--topic", "学习",
                       "--present", ",,,", "--date", "2025-03-01", db=db)
    assert code == 2 and "empty item" in err


@pytest.mark.parametrize("args", [["ledger", "-b", "B05", "-y", "0"], ["score", "-y", "0"],
                                  ["dues", "-b", "B05", "-y", "1"], ["due", "-b", "B05", "--on", "0001-01-01"]])
def test_a_year_no_ledger_can_hold_is_refused(tmp_path: Path, args: list[str]) -> None:
    db = seeded(tmp_path)
    code, _, err = run(*args, db=db)
    assert code in (1, 2) and "Traceback" not in err and err


def test_recorded_times_are_kept_only_in_a_migration_into_an_empty_store(tmp_path: Path) -> None:
    migration = tmp_path / "old-system.jsonl"
    lines = [json.loads(line) for line in BRANCH]
    for line in lines:
        line["recorded_at"] = "2020-01-02T09:00:00+08:00"
    migration.write_text("\n".join(json.dumps(line) for line in lines[:6]) + "\n")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    code, _, err = run("import", str(migration), "--keep-recorded-at", db=db)
    assert code == 0, err
    assert json.loads(run("export", db=db)[1].splitlines()[0])["recorded_at"].startswith("2020-01-02")
    # the same lines again: already stored, nothing to backdate
    assert run("import", str(migration), "--keep-recorded-at", db=db)[0] == 0
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(lines[7]) + "\n")
    code, out, _ = run("import", str(later), "--keep-recorded-at", "--format", "json", db=db)
    assert code == 1
    (error,) = json.loads(out)["errors"]
    assert error["field"] == "recorded_at" and "backdated" in error["reason"]


def test_log_says_how_to_record_a_second_meeting_or_a_top_up(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    meeting = ["log", "meeting-held", "-b", "B05", "--kind", "party_lecture", "--topic", "学习党章",
               "--present", "P01,P02", "--date", "2025-12-02"]
    assert run(*meeting, db=db)[0] == 0
    code, _, err = run(*meeting, db=db)
    assert code == 1 and "--yes" in err
    assert run(*meeting, "--yes", db=db)[0] == 0
    pay = ["log", "dues-paid", "-b", "B05", "--member", "P01", "--months", "2025-03", "--amount", "10",
           "--date", "2025-03-10"]
    assert run(*pay, db=db)[0] == 0
    code, _, err = run(*pay, db=db)
    assert code == 1 and "top-up" in err
    assert run(*pay, "--top-up", db=db)[0] == 0
