"""A store URL a user mistyped: one clear line, the password never shown, nothing created."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from ledger.store import mask_password

runner = CliRunner()


@pytest.mark.parametrize("url", [
    "postgresql://postgres:S3cretPW@127.0.0.1:5432/test?schema=Bad-Schema",
    "postgresql://postgres:S3cretPW@127.0.0.1:5432/",
    "mysql://postgres:S3cretPW@127.0.0.1/test",
    "postgresql://postgres:S3cret@PW@127.0.0.1:5432/test?schema=Bad",
    "postgresql://postgres:S3cretPW@127.0.0.1:abc/test",
    "postgresql://postgres:S3cretPW@[::1/test",
    "postgresql://postgres:S3cretPW@127.0.0.1:5432/test?schema=x%0A",
    "postgresql://postgres:S3cretPW@127.0.0.1:1/test",
])
def test_a_bad_store_url_is_one_line_without_the_password(url: str) -> None:
    result = runner.invoke(app, ["--db", url, "verify"])
    assert result.exit_code == 3, result.output
    assert "S3cret" not in result.output and "PW@" not in result.stderr
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1


def test_the_mask_keeps_user_and_host() -> None:
    assert mask_password("postgresql://u:p@ss@h:1/d") == "postgresql://u:***@h:1/d"
    assert mask_password("postgresql://u@h/d") == "postgresql://u@h/d"


@pytest.mark.parametrize("command", [["verify"], ["export"], ["roster", "-b", "B01"], ["ledger", "-b", "B01"],
                                     ["score", "-y", "2025"], ["projections", "status"]])
def test_a_read_command_on_a_mistyped_path_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo.db"
    result = runner.invoke(app, ["--db", f"sqlite:///{missing}", *command])
    assert result.exit_code == 3 and "no store at" in result.stderr
    assert not missing.exists()


def test_a_read_command_on_an_empty_postgres_schema_creates_nothing(new_store_url: object) -> None:
    import psycopg

    from tests.conftest import PG_BASE

    url = new_store_url("postgres")  # type: ignore[operator]
    result = runner.invoke(app, ["--db", url, "verify"])
    assert result.exit_code == 3 and "no store at" in result.stderr
    schema = url.rpartition("schema=")[2]
    with psycopg.connect(PG_BASE) as connection:
        assert connection.execute("SELECT to_regnamespace(%s)", (schema,)).fetchone() == (None,)


def test_the_library_settings_in_the_environment_are_ignored_aloud(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    db = f"sqlite:///{tmp_path / 'x.db'}"
    env = {"COMPRESSOR_TOPIC": "eventsourcing.compressor:ZlibCompressor", "CIPHER_TOPIC": "no.such:Cipher"}
    result = runner.invoke(app, ["--db", db, "import", str(EXAMPLES / "model-branch-2025.jsonl")], env=env)
    assert result.exit_code == 0 and "CIPHER_TOPIC, COMPRESSOR_TOPIC set in the environment: ignored" in result.stderr
    assert runner.invoke(app, ["--db", db, "export"]).stdout.count("\n") > 50
    assert runner.invoke(app, ["--db", db, "verify"], env=env).exit_code == 0
