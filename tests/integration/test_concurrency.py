"""Two real processes appending to one branch at once: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ledger.application import Ledger
from ledger.streams import year_stream
from tests.conftest import ROOT, import_example

WRITER = """
import sys
from datetime import UTC, datetime
from ledger.application import Ledger

url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Ledger(url, now=lambda: datetime(2026, 6, 1, tzinfo=UTC), user=name) as ledger:
    for n in range(count):
        ledger.record({"type": "MeetingHeld", "id": f"{name}-{n}", "branch": "B05",
                       "date": "2025-04-01", "kind": "party_group", "topic": f"{name} {n}",
                       "present": ["P01", "P02"]})
print("done")
"""

PER_WRITER = 150


def test_two_processes_append_to_one_branch_and_every_entry_is_stored_once(
    ledger: Ledger, store_url: str, tmp_path: Path
) -> None:
    import_example(ledger, "model-branch-2025")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    writers = [
        subprocess.Popen([sys.executable, str(script), store_url, name, str(PER_WRITER)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("alpha", "beta")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.strip() == "done"

    lines = [json.loads(line) for line in ledger.export()]
    ids = [line["id"] for line in lines]
    assert len(ids) == len(set(ids)) == 102 + 2 * PER_WRITER
    for name in ("alpha", "beta"):
        assert sum(1 for i in ids if i.startswith(f"{name}-")) == PER_WRITER
    with ledger.store.writer() as writer:
        versions = [e.originator_version for e in writer.stream(year_stream("B05", 2025))]
    assert versions == list(range(1, len(versions) + 1))
    assert ledger.verify().ok
