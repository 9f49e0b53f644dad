"""`-o` never destroys the store, never replaces a device or a folder, never leaves half a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()
TAIZHANG = str(Path(sys.executable).parent / "taizhang")


def run(*args: str, db: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "v.db"
    db = f"sqlite:///{path}"
    assert run("import", str(EXAMPLES / "model-branch-2025.jsonl"), db=db)[0] == 0
    return db, path


def test_export_onto_the_store_itself_is_refused_and_the_store_survives(store: tuple[str, Path]) -> None:
    db, path = store
    code, _, err = run("export", "-o", str(path), db=db)
    assert code == 1 and "the store's own file" in err
    code, out, _ = run("verify", db=db)
    assert code == 0 and "哈希链完整" in out  # "chain intact", zh by default


def test_generate_onto_the_store_is_refused(store: tuple[str, Path]) -> None:
    db, path = store
    result = runner.invoke(app, ["generate", "--branches", "1", "-o", str(path)], env={"TAIZHANG_DB": db})
    assert result.exit_code == 1 and "the store's own file" in result.stderr
    assert run("verify", db=db)[0] == 0


def test_a_folder_a_fifo_or_a_device_is_refused_and_left_as_it_was(store: tuple[str, Path], tmp_path: Path) -> None:
    db, _ = store
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, reason in ((tmp_path, "is a folder"), (fifo, "not a regular file"),
                           (Path("/dev/full"), "not a regular file")):
        code, _, err = run("export", "-o", str(target), db=db)
        assert code == 1 and reason in err, err
    assert fifo.is_fifo() and Path("/dev/full").is_char_device()


def test_a_failed_write_exits_non_zero_with_one_line(store: tuple[str, Path]) -> None:
    db, _ = store
    with open("/dev/full", "w") as full:
        done = subprocess.run([TAIZHANG, "--db", db, "export"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    assert "No space left" in done.stderr and "Traceback" not in done.stderr


def test_an_export_replaces_a_regular_file_whole(store: tuple[str, Path], tmp_path: Path) -> None:
    db, _ = store
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    assert run("export", "-o", str(target), db=db)[0] == 0
    lines = target.read_text().splitlines()
    assert len(lines) == len((EXAMPLES / "model-branch-2025.jsonl").read_text().splitlines())
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
