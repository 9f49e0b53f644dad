"""Anchors kept outside the store catch what the chain alone cannot: a recomputed chain, a truncated log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ledger.anchors import Anchor, parse_anchor
from ledger.application import Ledger
from tests.conftest import example_lines
from tests.integration.chain_helpers import events_table, relink, run_sql

LINES = example_lines("model-branch-2025")


def edit_event(url: str, position: int) -> None:
    table, nid = events_table(url)
    run_sql(url)(
        f"UPDATE {table} SET state = CAST(REPLACE(CAST(state AS TEXT), 'B05', 'B06') AS BLOB) "
        f"WHERE {nid} = {position}" if url.startswith("sqlite") else
        f"UPDATE {table} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
        f"'B05', 'B06'), 'UTF8') WHERE {nid} = {position}", ())


def test_an_insider_who_recomputes_the_chain_passes_verify_but_not_an_earlier_anchor(
        ledger: Ledger, store_url: str) -> None:
    ledger.import_lines(lambda: LINES[:80])
    published = ledger.verify()
    assert published.ok and published.head_position == 80
    ledger.import_lines(lambda: LINES[80:])
    edit_event(store_url, 40)
    assert not ledger.verify().ok
    relink(store_url)
    assert ledger.verify().ok, "a recomputed chain verifies on its own"
    report = ledger.verify([parse_anchor(published.anchor)])
    assert not report.ok and report.position == 80
    assert "differs at position 80" in (report.problem or "")


def test_a_truncated_log_passes_verify_but_not_an_anchor_at_its_old_head(
        ledger: Ledger, store_url: str) -> None:
    ledger.import_lines(lambda: LINES)
    head = ledger.verify()
    table, nid = events_table(store_url)
    run = run_sql(store_url)
    run(f"DELETE FROM {table} WHERE {nid} > 95", ())
    run("DELETE FROM taizhang_entries WHERE notification_id > 95", ())
    assert ledger.verify().ok, "a cleanly truncated chain verifies on its own"
    report = ledger.verify([Anchor(head.head_position, head.head)])
    assert not report.ok and report.position == 96
    assert "ends at position 95" in (report.problem or "") and "truncated" in (report.problem or "")


def test_an_untouched_history_passes_through_every_anchor_it_printed(ledger: Ledger) -> None:
    anchors = []
    for start in range(0, len(LINES), 25):
        ledger.import_lines(lambda start=start: LINES[start:start + 25])
        anchors.append(parse_anchor(ledger.verify().anchor[:40]))
    report = ledger.verify(anchors)
    assert report.ok and report.anchors_checked == len(anchors) == 5


def taizhang(*args: str) -> subprocess.CompletedProcess[str]:
    executable = str(Path(sys.executable).parent / "taizhang")
    return subprocess.run([executable, *args], capture_output=True, text=True,
                          env={"TAIZHANG_LANG": "en", "PATH": "/usr/bin:/bin"}, timeout=120)


def test_verify_prints_the_head_and_checks_anchors_given_or_in_a_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Ledger(url) as ledger:
        ledger.import_lines(lambda: LINES[:60])
    first = taizhang("--db", url, "verify")
    assert first.returncode == 0, first.stderr
    anchor = first.stdout.split("head ")[1].split()[0]
    assert anchor.startswith("60:") and len(anchor) == 3 + 64
    with Ledger(url) as ledger:
        ledger.import_lines(lambda: LINES[60:])
    (tmp_path / "anchors.txt").write_text(f"# kept by the secretary\n{anchor}\n", encoding="utf-8")
    passed = taizhang("--db", url, "verify", "--anchors", str(tmp_path / "anchors.txt"), "--anchor", anchor)
    assert passed.returncode == 0 and "passes through all 1 anchors" in passed.stdout
    forged = anchor[:-1] + ("0" if anchor[-1] != "0" else "1")
    refused = taizhang("--db", url, "verify", "--anchor", forged)
    assert refused.returncode == 1 and "differs at position 60" in refused.stderr
    bad = taizhang("--db", url, "verify", "--anchor", "sixty")
    assert bad.returncode == 1 and "POSITION:HASH" in bad.stderr and "Traceback" not in bad.stderr
