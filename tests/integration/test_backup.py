"""A backup taken while a writer runs restores to a verified prefix of the live store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ledger.application import Ledger
from tests.conftest import EXAMPLES

WRITER = """
import sys
from ledger.application import Ledger
lines = open(sys.argv[2], encoding="utf-8").read().splitlines(keepends=True)
with Ledger(sys.argv[1], user="writer") as ledger:
    for line in lines:
        ledger.import_lines(lambda line=line: [line])
        print("stored", flush=True)
"""


def taizhang(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "taizhang"), *args], capture_output=True,
                          text=True, env=dict(os.environ, TAIZHANG_LANG="en"), timeout=120)


def test_a_backup_during_concurrent_writing_restores_to_a_verified_prefix(tmp_path: Path) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, live, str(EXAMPLES / "model-branch-2025.jsonl")],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    assert writer.stdout is not None
    for _ in range(30):  # the backup starts once 30 entries are committed, the writer still going
        assert writer.stdout.readline() == "stored\n"
    backed = taizhang("--db", live, "backup", str(tmp_path / "copy.db"))
    writer.stdout.read()
    assert writer.wait(timeout=120) == 0
    assert backed.returncode == 0, backed.stderr
    assert os.stat(tmp_path / "copy.db").st_mode & 0o777 == 0o600

    restored_url = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = taizhang("--db", restored_url, "restore", str(tmp_path / "copy.db"))
    assert restored.returncode == 0, restored.stderr
    with Ledger(live) as ledger:
        live_export = list(ledger.export())
    with Ledger(restored_url) as ledger:
        assert ledger.verify().ok
        restored_export = list(ledger.export())
    assert 30 <= len(restored_export) <= len(live_export) == 102
    assert live_export[:len(restored_export)] == restored_export


def test_restore_refuses_a_store_that_is_not_empty(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Ledger(url) as ledger:
        ledger.import_lines(lambda: (EXAMPLES / "model-branch-2025.jsonl").read_text().splitlines()[:5])
    assert taizhang("--db", url, "backup", str(tmp_path / "copy.db")).returncode == 0
    again = taizhang("--db", url, "restore", str(tmp_path / "copy.db"))
    assert again.returncode == 1 and "not empty" in again.stderr and "Traceback" not in again.stderr
    twice = taizhang("--db", url, "backup", str(tmp_path / "copy.db"))
    assert twice.returncode == 1 and "already exists" in twice.stderr


def test_backup_of_a_postgresql_store_points_to_pg_dump(tmp_path: Path) -> None:
    result = taizhang("--db", "postgresql://postgres@127.0.0.1:5432/test", "backup", str(tmp_path / "x.db"))
    assert result.returncode == 1 and "pg_dump" in result.stderr and not (tmp_path / "x.db").exists()
