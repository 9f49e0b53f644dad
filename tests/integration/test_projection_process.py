"""Real projection processes: killed mid-page and restarted; following new events."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ledger.application import Ledger
from projections.runner import FAULT_ENV
from tests.conftest import ROOT, import_example
from tests.integration.views_helpers import dump, runner

TAIZHANG = str(Path(sys.executable).parent / "taizhang")


def run_projections(url: str, *args: str, fault_at: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAIZHANG_DB": url}
    env.pop(FAULT_ENV, None)
    if fault_at is not None:
        env[FAULT_ENV] = str(fault_at)
    return subprocess.run([TAIZHANG, "projections", "run", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_runner_killed_mid_page_restarts_to_exactly_the_uninterrupted_views(
    ledger: Ledger, store_url: str
) -> None:
    import_example(ledger, "model-branch-2025")
    import_example(ledger, "troubled-branch-2025")
    killed = run_projections(store_url, "--page-size", "40", fault_at=130)
    assert killed.returncode == -signal.SIGKILL
    assert runner(ledger.store).position() == 120  # three pages committed, the fourth lost whole
    restarted = run_projections(store_url, "--page-size", "40")
    assert restarted.returncode == 0, restarted.stderr
    assert "100 new events applied, at 220" in restarted.stdout
    after_crash = dump(ledger.store)
    runner(ledger.store).rebuild()
    assert dump(ledger.store) == after_crash


def test_a_following_runner_applies_new_events_as_they_arrive(ledger: Ledger, store_url: str) -> None:
    import_example(ledger, "model-branch-2025")
    env = {**os.environ, "TAIZHANG_DB": store_url}
    follower = subprocess.Popen([TAIZHANG, "projections", "run", "--follow", "--interval", "0.2"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    try:
        watcher = runner(ledger.store)
        wait_until(lambda: watcher.position() == 102)
        ledger.record({"type": "ActivityLogged", "branch": "B05", "date": "2025-12-20",
                       "kind": "themed_party_day"})
        wait_until(lambda: watcher.position() == 103)
    finally:
        follower.send_signal(signal.SIGTERM)
        out, err = follower.communicate(timeout=30)
    assert follower.returncode == 0, err
    assert "stopped at 103" in out


def wait_until(condition: object, timeout: float = 30.0) -> None:
    """Polls a condition (not a timing assumption: it fails only after a generous deadline)."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)
