"""``taizhang users …`` and ``taizhang access`` as a user runs them, and the CLI enforcing a known user's roles."""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

import ledger.users
from commands.main import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger.users, "PASSWORD_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    monkeypatch.delenv("TAIZHANG_USER", raising=False)
    monkeypatch.delenv("TAIZHANG_LANG", raising=False)


def run(*args: str, db: str, stdin: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db], input=stdin, env=env)
    return result.exit_code, result.stdout, result.stderr


def setup_branches(db: str) -> None:
    for code in ("B01", "B03"):
        assert run("log", "branch-registered", "-b", code, "--name", code, "--date", "2025-01-01", db=db)[0] == 0


def test_users_add_with_password_stdin_then_list(store_url: str) -> None:
    setup_branches(store_url)
    code, out, err = run("users", "add", "B01-clerk", "--role", "recorder", "-b", "B01", "--password-stdin",
                         db=store_url, stdin="a secret phrase\n")
    assert (code, out.strip()) == (0, "已添加用户 B01-clerk：党务干部 B01"), err
    code, out, _ = run("users", "list", "--format", "json", db=store_url)
    assert json.loads(out) == [{"name": "B01-clerk", "roles": [{"role": "recorder", "branch": "B01"}],
                                "active": True, "has_password": True}]
    code, out, _ = run("users", "list", "--lang", "en", db=store_url)
    assert "B01-clerk" in out and "recorder (party-affairs staff) B01" in out and "active" in out
    assert "a secret phrase" not in out
    exported = run("export", db=store_url)[1]
    assert "a secret phrase" not in exported and "argon2" not in exported and '"RoleGranted"' in exported


def test_a_password_is_never_taken_from_the_command_line_nor_asked_without_a_terminal(store_url: str) -> None:
    code, _, err = run("users", "add", "x", "--role", "reader", "--password", "secret123", db=store_url)
    assert code == 2 and "No such option" in err
    code, _, err = run("users", "add", "x", "--role", "reader", db=store_url, stdin="")
    assert code == 1 and "--password-stdin" in err
    code, _, err = run("users", "add", "x", "--role", "reader", "--password-stdin", db=store_url, stdin="short\n")
    assert code == 1 and "密码应为 8 至 1024 个字符" in err and "Traceback" not in err


def test_the_cli_enforces_a_known_users_roles_by_flag_and_by_taizhang_user(store_url: str) -> None:
    setup_branches(store_url)
    run("users", "add", "B01-clerk", "--role", "recorder", "-b", "B01", "--password-stdin", db=store_url,
        stdin="clerk-password\n")
    code, out, _ = run("log", "violation-reported", "-b", "B03", "--discovered-on", "2025-02-01", "--severity",
                       "minor", "--summary", "x", "--date", "2025-02-02", "--format", "json", db=store_url)
    target = json.loads(out)["id"]
    retract = ("log", "entry-retracted", "-b", "B03", "--target", target, "--reason", "not ours")
    code, _, err = run(*retract, "--by", "B01-clerk", db=store_url)
    assert (code, err.strip()) == (1, "error: B01-clerk 无权为支部 B03 撤销条目")
    code, _, err = run(*retract, db=store_url, env={"TAIZHANG_USER": "B01-clerk", "TAIZHANG_LANG": "en"})
    assert (code, err.strip()) == (1, "error: B01-clerk may not retract entries for branch B03")
    code, _, err = run("users", "grant", "B01-clerk", "--role", "admin", "--by", "B01-clerk", db=store_url)
    assert code == 1 and "无权为本组织管理用户" in err
    # someone the store does not know acts as the administrator with direct access to the store
    code, out, _ = run(*retract, "--by", "the-dba", db=store_url)
    assert code == 0 and out.startswith("recorded EntryRetracted")


def test_grant_revoke_disable_and_passwd(store_url: str) -> None:
    setup_branches(store_url)
    run("users", "add", "sec", "--role", "secretary", "-b", "B01", "--password-stdin", db=store_url,
        stdin="secretary-password\n")
    code, out, _ = run("users", "grant", "sec", "--role", "reader", db=store_url)
    assert code == 0 and out.startswith("已记录 RoleGranted ")
    code, out, _ = run("users", "revoke", "sec", "--role", "secretary", "-b", "B01", db=store_url)
    assert code == 0 and out.startswith("已记录 RoleRevoked ")
    code, _, err = run("users", "revoke", "sec", "--role", "secretary", "-b", "B01", db=store_url)
    assert code == 1 and "sec does not hold the role secretary@B01" in err
    assert run("users", "passwd", "sec", "--password-stdin", db=store_url, stdin="a new password\n")[0] == 0
    assert run("users", "disable", "sec", db=store_url)[0] == 0
    listed = json.loads(run("users", "list", "--format", "json", db=store_url)[1])
    assert listed == [{"name": "sec", "roles": [{"role": "reader", "branch": None}], "active": False,
                       "has_password": True}]
    code, _, err = run("users", "disable", "nobody", db=store_url)
    assert code == 1 and "没有用户 nobody" in err


def test_access_prints_the_matrix_in_chinese_by_default_and_in_english(tmp_path: object) -> None:
    result = runner.invoke(app, ["access"])
    assert result.exit_code == 0
    assert "党务干部" in result.stdout and "撤销条目" in result.stdout and "本支部" in result.stdout
    result = runner.invoke(app, ["access", "--lang", "en", "--format", "json"])
    matrix = json.loads(result.stdout)
    assert matrix["recorder"]["retract_entry"] == "own" and matrix["recorder"]["record_violation"] == ""
    assert matrix["office"]["adopt_rulebook"] == "all" and matrix["office"]["manage_users"] == ""
    assert set(matrix["reader"].values()) == {"", "all"} and matrix["reader"]["read"] == "all"
    result = runner.invoke(app, ["access", "--lang", "en"], env={"COLUMNS": "200"})
    assert "retract entries" in result.stdout and "own branch" in result.stdout
