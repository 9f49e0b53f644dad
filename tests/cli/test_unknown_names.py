"""An unknown branch is an error naming it, with the codes it might have meant; never an empty table."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('names') / 'names.db'}"
    for example in ("model-branch-2025", "troubled-branch-2025"):
        assert runner.invoke(app, ["--db", url, "import", str(EXAMPLES / f"{example}.jsonl")]).exit_code == 0
    return url


@pytest.mark.parametrize("command", [
    ["roster", "-b", "B08"], ["ledger", "-b", "B08", "-y", "2025"], ["attendance", "-b", "B08", "-y", "2025"],
    ["dues", "-b", "B08", "-y", "2025"], ["due", "-b", "B08"], ["score", "-y", "2025", "-b", "B08"],
    ["audit", "-y", "2025", "-b", "B08"],
])
def test_an_unknown_branch_is_named_with_suggestions(db: str, command: list[str]) -> None:
    result = runner.invoke(app, ["--db", db, *command], env={"TAIZHANG_LANG": "en"})
    assert result.exit_code == 1, result.output
    assert "branch B08 is not registered; did you mean B05, B07?" in result.stderr
    assert result.stdout == ""


def test_a_branch_code_in_lower_case_is_the_branch(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "roster", "-b", "b07", "--format", "json"])
    assert result.exit_code == 0 and '"member": "P01"' in result.stdout


def test_the_message_is_chinese_by_default(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "roster", "-b", "B99"], env={"TAIZHANG_LANG": ""})
    assert "支部 B99 未登记" in result.stderr


def test_an_unknown_branch_on_an_empty_path_is_not_created(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path / 'none.db'}", "roster", "-b", "B01"])
    assert result.exit_code == 3
