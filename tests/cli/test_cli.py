"""The command line as a user runs it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from commands.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def run(*args: str, db: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def test_log_records_an_entry_and_prints_its_id(store_url: str) -> None:
    code, out, _ = run("log", "branch-registered", "-b", "B01", "--name", "一支部",
                       "--date", "2024-01-01", "--format", "json", db=store_url)
    assert code == 0
    printed = json.loads(out)
    assert printed["type"] == "BranchRegistered" and printed["stored"] is True
    code, out, _ = run("log", "member-registered", "-b", "B01", "--member", "P01", "--name", "张三",
                       "--status", "full", "--date", "2024-01-01", db=store_url)
    assert code == 0 and out.startswith("recorded MemberRegistered ")
    code, out, _ = run("log", "meeting-held", "-b", "B01", "--kind", "theory_study", "--topic", "学习",
                       "--present", "P01", "--date", "2025-03-01", "--id", "m1", db=store_url)
    assert (code, out.strip()) == (0, "recorded MeetingHeld m1")
    exported = [json.loads(x) for x in run("export", db=store_url)[1].splitlines()]
    assert exported[-1]["present"] == ["P01"] and exported[-1]["id"] == "m1"


def test_log_refuses_a_bad_entry_with_the_field_and_exit_1(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    code, _, err = run("log", "meeting-held", "-b", "B01", "--kind", "theory_study", "--topic", "x",
                       "--present", "P01", "--date", "2025-03-01", db=db)
    assert code == 1
    assert "branch: branch B01 is not registered" in err
    assert "Traceback" not in err


def test_log_committee_seats_are_member_colon_role(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    for line in (EXAMPLES / "model-branch-2025.jsonl").read_text().splitlines()[:11]:
        obj = json.loads(line)
        if obj["type"] == "BranchRegistered":
            run("log", "branch-registered", "-b", "B05", "--name", "x", "--date", obj["date"], db=db)
        else:
            run("log", "member-registered", "-b", "B05", "--member", obj["member"], "--name", "x",
                "--status", "full", "--date", obj["date"], db=db)
    code, _, err = run("log", "committee-elected", "-b", "B05", "--term-years", "3", "--members",
                       "P01:secretary,P02:organization", "--date", "2024-06-01", db=db)
    assert code == 0, err
    seats = json.loads(run("export", db=db)[1].splitlines()[-1])["members"]
    assert seats == [{"member": "P01", "role": "secretary"}, {"member": "P02", "role": "organization"}]


def test_import_then_export_then_verify(store_url: str, tmp_path: Path) -> None:
    example = str(EXAMPLES / "troubled-branch-2025.jsonl")
    code, out, _ = run("import", example, db=store_url)
    assert code == 0 and "118 entries stored, 0 already stored" in out
    code, out, _ = run("import", example, "--format", "json", db=store_url)
    assert json.loads(out)["skipped"] == 118
    target = tmp_path / "out.jsonl"
    assert run("export", "-o", str(target), db=store_url)[0] == 0
    assert len(target.read_text().splitlines()) == 118
    code, out, _ = run("verify", db=store_url)
    assert code == 0 and out.startswith("正常：118 个事件，哈希链完整")  # zh by default


def test_import_lists_bad_lines_and_writes_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    bad = tmp_path / "bad.jsonl"
    lines = (EXAMPLES / "model-branch-2025.jsonl").read_text().splitlines()
    lines[40] = lines[40].replace('"date": "2025-11-05"', '"date": "2025-11-31"')
    bad.write_text("\n".join(lines) + "\n")
    code, _, err = run("import", str(bad), db=db)
    assert code == 1
    assert f"{bad}: line 41, date: 2025-11-31 is not a real date" in err
    assert "nothing was imported" in err
    code, out, _ = run("import", str(bad), "--format", "json", db=db)
    assert json.loads(out)["errors"] == [
        {"line": 41, "field": "date", "reason": "2025-11-31 is not a real date"}]
    assert run("export", db=db)[1] == ""


def test_a_missing_file_or_an_unreachable_store_exits_cleanly(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "none.jsonl"), db=f"sqlite:///{tmp_path / 'x.db'}")
    assert code == 1 and "no such file" in err
    code, _, err = run("verify", db="mysql://nowhere/x")
    assert code == 3 and "unknown store" in err
    code, _, err = run("verify", db=f"sqlite:///{tmp_path / 'no' / 'dir.db'}")
    assert code == 3 and "no folder" in err


def test_verify_exits_1_on_a_tampered_store(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "x.db"
    run("import", str(EXAMPLES / "model-branch-2025.jsonl"), db=f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM stored_events WHERE rowid = 10")
    code, _, err = run("verify", db=f"sqlite:///{path}")
    assert code == 1 and "event 10" in err and "was deleted" in err


def test_demo_records_a_sample_year_and_is_idempotent(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    first = runner.invoke(app, ["demo", "--db", db, "--format", "json"])
    second = runner.invoke(app, ["demo", "--db", db, "--format", "json"])
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert json.loads(first.stdout)["stored"] > 500
    summary = json.loads(second.stdout)
    assert summary["stored"] == 0 and summary["already_stored"] > 500
    assert set(summary["entries"]) == {"B01", "B02", "B03", "B04"}
    grades = {card["branch"]: card["grade"] for card in summary["scorecards"]}
    assert set(grades.values()) == {"meets", "basically_meets", "fails"}
    zero = [c for card in summary["scorecards"] for c in card["categories"] if c["score"] == 0]
    assert zero, "one branch fails on a category at zero"
    assert any(card["advanced_eligible"] for card in summary["scorecards"])
    logins = summary["logins"]
    assert logins["names"] == ["office", "reader", "B01-secretary", "B01-clerk"]
    from ledger.application import Ledger

    with Ledger(db) as ledger:  # the printed logins open `taizhang serve` on the demo's store
        office = ledger.authenticate("office", logins["password"])
        assert [grant.role for grant in office.roles] == ["office"]
        assert [(g.role, g.branch) for g in ledger.authenticate("B01-clerk", logins["password"]).roles] == \
            [("recorder", "B01")]


def test_the_installed_command_runs_in_a_fresh_directory(tmp_path: Path) -> None:
    """The console script, as a user starts it: the demo keeps its own store in the user's data folder."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != "TAIZHANG_DB"} | {"TAIZHANG_HOME": str(home)}
    script = Path(sys.executable).parent / "taizhang"
    result = subprocess.run([str(script), "demo", "--branches", "2"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (home / "demo.db").exists() and not (tmp_path / "taizhang.db").exists()
    assert f"--db sqlite:///{home / 'demo.db'}" in result.stdout
    result = subprocess.run([str(script), "--db", f"sqlite:///{home / 'demo.db'}", "verify"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("正常：")  # "ok:", zh by default
    result = subprocess.run([str(script), "ledger", "-b", "B01", "-y", "2025"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3 and "no store at" in result.stderr
    assert not (home / "taizhang.db").exists()


def test_the_demo_never_writes_into_a_store_in_use(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'real.db'}"
    assert run("import", str(EXAMPLES / "model-branch-2025.jsonl"), db=db)[0] == 0
    before = run("export", db=db)[1]
    code, _, err = run("demo", db=db)
    assert code == 1 and "never writes into a store in use" in err and "Traceback" not in err
    assert run("export", db=db)[1] == before
    demo = f"sqlite:///{tmp_path / 'demo.db'}"
    assert run("demo", "--branches", "2", db=demo)[0] == 0
    code, _, err = run("demo", "--branches", "3", db=demo)
    assert code == 1 and "not this demo's" in err


def test_where_says_which_store_and_why(tmp_path: Path, monkeypatch: object) -> None:
    env = {"TAIZHANG_HOME": str(tmp_path / "home"), "TAIZHANG_DB": ""}
    result = runner.invoke(app, ["where", "--format", "json"], env=env)
    assert json.loads(result.stdout)["reason"] == "per-user default"
    assert json.loads(result.stdout)["store"] == f"sqlite:///{tmp_path / 'home' / 'taizhang.db'}"
    result = runner.invoke(app, ["where", "--format", "json"], env={**env, "TAIZHANG_DB": "sqlite:///x.db"})
    assert json.loads(result.stdout)["reason"] == "TAIZHANG_DB"


def test_generate_is_deterministic_and_its_file_imports_and_scores(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for target in (first, second):
        result = runner.invoke(app, ["generate", "--branches", "6", "--members-per-branch", "8", "--year", "2025",
                                     "--years", "2", "--seed", "7", "-o", str(target)])
        assert result.exit_code == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    other = runner.invoke(app, ["generate", "--branches", "6", "--members-per-branch", "8", "--year", "2025",
                                "--seed", "8"]).stdout
    assert other != first.read_text()
    db = f"sqlite:///{tmp_path / 'g.db'}"
    assert run("import", str(first), db=db)[0] == 0
    code, out, err = run("score", "--year", "2025", "--format", "json", db=db)
    assert code == 0, err
    assert len(json.loads(out)) == 6
