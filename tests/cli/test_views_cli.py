"""The read commands as a user runs them; each catches the views up first."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from commands.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def imported(store_url: str) -> str:
    assert run("import", str(EXAMPLES / "troubled-branch-2025.jsonl"), "--db", store_url)[0] == 0
    return store_url


def test_roster_reads_what_was_just_recorded(store_url: str) -> None:
    db = imported(store_url)
    code, out, _ = run("roster", "-b", "B07", "--on", "2025-12-31", "--format", "json", "--db", db)
    members = {row["member"]: row for row in json.loads(out)}
    assert code == 0 and len(members) == 12 and members["P12"]["status"] == "probationary"
    run("log", "member-transferred-out", "-b", "B07", "--member", "P06", "--to-org", "X",
        "--requested-on", "2025-12-01", "--date", "2025-12-15", "--db", db)
    code, out, _ = run("roster", "-b", "B07", "--on", "2025-12-31", "--format", "json", "--db", db)
    assert "P06" not in {row["member"] for row in json.loads(out)}


def test_ledger_in_english_filtered_by_category_and_as_csv(store_url: str) -> None:
    db = imported(store_url)
    code, out, _ = run("ledger", "-b", "B07", "--year", "2025", "--category", "S", "--lang", "en",
                       "--format", "json", "--db", db)
    rows = json.loads(out)
    assert code == 0 and {r["category"] for r in rows} == {"S"}
    assert any(r["description"].startswith("integrity education") for r in rows)
    code, out, _ = run("ledger", "-b", "B07", "--year", "2025", "--format", "csv", "--db", db)
    header = "date,category,description,status,entry_id,recorded_by,replaced_by"
    assert code == 0 and out.splitlines()[0] == header
    assert run("ledger", "-b", "B07", "--category", "X", "--db", db)[0] == 1


def test_attendance_per_meeting_and_per_member(store_url: str) -> None:
    db = imported(store_url)
    code, out, _ = run("attendance", "-b", "B07", "--year", "2025", "--format", "json", "--db", db)
    march = next(m for m in json.loads(out) if m["date"] == "2025-03-05")
    assert (code, march["attended"], march["rate"]) == (0, "6/10", 0.6)
    code, out, _ = run("attendance", "-b", "B07", "--year", "2025", "--by", "member", "--format",
                       "json", "--db", db)
    p11 = next(m for m in json.loads(out) if m["member"] == "P11")
    assert p11["expected"] < 27  # only meetings after the transfer


def test_dues_and_obligations(store_url: str) -> None:
    db = imported(store_url)
    code, out, _ = run("dues", "-b", "B07", "--year", "2025", "--by", "month", "--on", "2026-03-01",
                       "--format", "json", "--db", db)
    months = json.loads(out)
    assert code == 0 and len(months) == 12 and months[4]["collected"] == "230.00"
    code, out, _ = run("due", "-b", "B07", "--on", "2025-06-15", "--format", "json", "--db", db)
    assert code == 0 and any(o["item"] == "I1" and "P11" in o["what"] for o in json.loads(out))


def test_projections_status_rebuild_and_run(store_url: str) -> None:
    db = imported(store_url)
    code, out, _ = run("projections", "status", "--format", "json", "--db", db)
    assert json.loads(out)[0] == {"name": "views", "position": 0, "head": 118, "lag": 118,
                                  "current_code": False}
    code, out, _ = run("projections", "run", "--db", db)
    assert code == 0 and "118 new events applied, at 118" in out
    code, out, _ = run("projections", "rebuild", "views", "--db", db)
    assert code == 0 and "rebuilt from 118 events" in out
    assert run("projections", "rebuild", "nope", "--db", db)[0] == 1
