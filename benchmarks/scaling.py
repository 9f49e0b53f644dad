"""Several writers and separate projection runners against one PostgreSQL database.

    python -m benchmarks.scaling [--branches 80] [--writers 4] [--runners 2]

Each writer process imports the history of its own branches in chunks of 200
entries (one transaction each), as branch staff recording throughout the day
would; the runners follow the log (`taizhang projections run --follow`). At
the end: every entry is stored exactly once (ids unique, counts equal), the
hash chain verifies, every runner reached the head, and every scorecard equals
the one a single process computes from the same entries in a fresh schema.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import OUT, drop, fresh_url, machine

CHUNK = 200
WRITER = """
import json, sys, time
from datetime import UTC, datetime
from ledger.application import Ledger
url, path = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines()
started = time.perf_counter()
with Ledger(url, user="writer") as ledger:
    for start in range(0, len(lines), {chunk}):
        part = lines[start:start + {chunk}]
        ledger.import_lines(lambda part=part: part, keep_recorded_at=True, replaying=True)
print(json.dumps({"entries": len(lines), "seconds": time.perf_counter() - started}))
""".replace("{chunk}", str(CHUNK))


def history(branches: int, members: int) -> list[dict[str, Any]]:
    from ledger.sample import generate

    return list(generate(branches, members, 2025, seed=5, until=date(2026, 6, 30)))


def run(multi_url: str, single_url: str, *, branches: int, members: int, writers: int, runners: int,
        workdir: Path) -> dict[str, Any]:
    from ledger.application import Ledger
    from projections.assessment import branches_of
    from projections.rulebook import default_rulebook
    from projections.runner import Runner
    from projections.scorecards import scorecards_for
    from projections.scoring import card_digest
    from projections.views import Views

    entries = history(branches, members)
    files = []
    for k in range(writers):
        mine = [e for e in entries if int(e["branch"][1:]) % writers == k]
        path = workdir / f"writer-{k}.jsonl"
        path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in mine), encoding="utf-8")
        files.append(path)
    with Ledger(multi_url):
        pass  # create the tables before the crowd arrives
    env = {**os.environ, "TAIZHANG_DB": multi_url}
    taizhang = str(Path(sys.executable).parent / "taizhang")
    followers = [subprocess.Popen([taizhang, "projections", "run", "--follow", "--interval", "0.2"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(runners)]
    for follower in followers:
        # A runner ignores SIGTERM until its handler is installed, which it announces on stderr;
        # stopping it before then would kill it without its last line.
        announced = follower.stderr.readline() if follower.stderr else ""
        if not announced.startswith("following"):
            raise RuntimeError(f"a projection runner did not start: {announced}{follower.communicate()[1]}")
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, multi_url, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for path in files]
    with Ledger(multi_url) as watcher:
        watch = Runner(watcher.store, Views(watcher.store))
        lags = []
        while any(p.poll() is None for p in procs):
            lags.append(watcher.store.head() - watch.position())
            time.sleep(0.25)
        results = []
        for proc in procs:
            out, err = proc.communicate()
            if proc.returncode != 0:
                raise RuntimeError(err)
            results.append(json.loads(out.strip().splitlines()[-1]))
        written = time.perf_counter() - started
        head = watcher.store.head()
        deadline = time.monotonic() + 120
        while watch.position() < head and time.monotonic() < deadline:
            time.sleep(0.1)
        caught_up = time.perf_counter() - started
        for follower in followers:
            follower.send_signal(signal.SIGTERM)
        stopped = [f.communicate(timeout=60) for f in followers]
        exported = [json.loads(line) for line in watcher.export()]
        report = watcher.verify()
        codes = branches_of(watcher.store)
        book = default_rulebook()
        multi_cards = scorecards_for(watcher.store, 2025, book, date(2026, 6, 30), codes)
        position = watch.position()
    lines = [json.dumps(e, ensure_ascii=False) for e in entries]
    with Ledger(single_url, now=lambda: datetime(2026, 6, 30, tzinfo=UTC)) as single:
        single.import_lines(lambda: lines, keep_recorded_at=True, replaying=True)
        single_cards = scorecards_for(single.store, 2025, book, date(2026, 6, 30), branches_of(single.store))
    ids = [e["id"] for e in exported]
    return {
        "entries": len(entries), "stored": len(exported), "unique_ids": len(set(ids)),
        "chain_ok": report.ok, "head": head, "runner_position": position,
        "runners_stopped_at": [(out.strip().splitlines() or [f"no output; stderr: {err}"])[-1] for out, err in stopped],
        "write_seconds": written, "caught_up_seconds": caught_up,
        "throughput": len(entries) / written, "max_lag": max(lags, default=0),
        "mean_lag": sum(lags) / len(lags) if lags else 0,
        "scorecards_equal": [card_digest(c) for c in multi_cards] == [card_digest(c) for c in single_cards],
        "branches": len(codes),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=80)
    parser.add_argument("--members", type=int, default=25)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--runners", type=int, default=2)
    args = parser.parse_args()
    multi, single = fresh_url("postgres"), fresh_url("postgres")
    try:
        OUT.mkdir(exist_ok=True)
        result = run(multi, single, branches=args.branches, members=args.members, writers=args.writers,
                     runners=args.runners, workdir=OUT)
    finally:
        drop(multi)
        drop(single)
    print(f"# scaling run, {machine()}, {datetime.now(UTC):%Y-%m-%d}")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
