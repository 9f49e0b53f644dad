"""The benchmark suite: every user-facing cost beside the raw floor measured in the same run.

Each step runs in its own process (its peak memory is its own) on a store
filled once per size and store kind by ``taizhang import``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import OUT, PG, drop, fresh_url, machine, peak_memory_mb, run_child, sample_file

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 6, 30, tzinfo=UTC)


# --- steps (each in a child process) ---------------------------------------------------

def step_import(url: str, path: str) -> dict[str, float]:
    from benchmarks.import_speed import measure_import

    return measure_import(Path(path), url)


def step_raw_append(url: str, path: str) -> dict[str, float]:
    from benchmarks.import_speed import measure_raw

    return measure_raw(Path(path), url)


def step_driver_insert(url: str, source: str) -> dict[str, float]:
    """The database driver alone inserting the same stored rows (no library, no checks)."""
    from ledger.store import open_store

    store = open_store(source)
    rows = []
    for notification in store.notifications(page=10_000):
        rows.append((str(notification.originator_id), notification.originator_version, notification.topic,
                     notification.state))
    store.close()
    if url.startswith("sqlite"):
        import sqlite3

        path = url.removeprefix("sqlite:///")
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE floor (originator_id TEXT, originator_version INTEGER, topic TEXT, "
                           "state BLOB, PRIMARY KEY (originator_id, originator_version))")
        started = time.perf_counter()
        for start in range(0, len(rows), 2000):
            with connection:
                connection.executemany("INSERT INTO floor VALUES (?, ?, ?, ?)", rows[start:start + 2000])
        seconds = time.perf_counter() - started
        connection.close()
    else:
        import psycopg

        schema = url.rsplit("schema=", 1)[1]
        with psycopg.connect(PG) as connection:
            connection.execute(f'SET search_path TO "{schema}"')
            connection.execute("CREATE TABLE floor (originator_id uuid, originator_version bigint, topic text, "
                               "state bytea, PRIMARY KEY (originator_id, originator_version))")
            connection.commit()
            started = time.perf_counter()
            for start in range(0, len(rows), 2000):
                with connection.cursor() as cursor:
                    cursor.executemany("INSERT INTO floor VALUES (%s, %s, %s, %s)", rows[start:start + 2000])
                connection.commit()
            seconds = time.perf_counter() - started
    return {"events": len(rows), "seconds": seconds, "rate": len(rows) / seconds, "peak_mb": peak_memory_mb()}


def step_raw_read(url: str) -> dict[str, float]:
    from benchmarks.rebuild_speed import measure_raw

    return measure_raw(url)


def step_rebuild(url: str) -> dict[str, float]:
    from benchmarks.rebuild_speed import measure_rebuild

    return measure_rebuild(url)


def step_catch_up(url: str, branch: str) -> dict[str, float]:
    """Latency of the views after one new entry: the catch-up a read command does first."""
    from ledger.application import Ledger
    from projections.runner import Runner
    from projections.views import Views

    timings = []
    with Ledger(url, now=lambda: NOW, user="bench") as ledger:
        runner = Runner(ledger.store, Views(ledger.store))
        runner.catch_up()
        for n in range(7):
            ledger.record({"type": "ActivityLogged", "branch": branch, "date": "2025-12-30",
                           "kind": "themed_party_day", "id": f"bench-latency-{n}-{time.time_ns()}"})
            started = time.perf_counter()
            runner.catch_up()
            timings.append(time.perf_counter() - started)
    return {"seconds": statistics.median(timings), "peak_mb": peak_memory_mb()}


def step_score(url: str) -> dict[str, float]:
    from ledger.store import open_store
    from projections.assessment import audit, branches_of, rulebook_for
    from projections.scorecards import iter_scorecards

    store = open_store(url)
    codes = branches_of(store)
    book = rulebook_for(store, 2025).book
    started = time.perf_counter()
    scored = sum(1 for _ in iter_scorecards(store, 2025, book, date(2026, 6, 30), codes))  # as `score` prints them
    computed = time.perf_counter() - started
    started = time.perf_counter()
    assert sum(1 for _ in iter_scorecards(store, 2025, book, date(2026, 6, 30), codes)) == scored
    stored = time.perf_counter() - started
    started = time.perf_counter()
    audit(store, codes[len(codes) // 2], 2025)
    audited = time.perf_counter() - started
    return {"branches": len(codes), "computed": computed, "stored": stored, "audit": audited,
            "peak_mb": peak_memory_mb()}


def step_verify(url: str) -> dict[str, float]:
    from ledger.application import Ledger

    with Ledger(url) as ledger:
        started = time.perf_counter()
        report = ledger.verify()
        seconds = time.perf_counter() - started
    return {"events": report.events, "seconds": seconds, "rate": report.events / seconds, "ok": report.ok,
            "peak_mb": peak_memory_mb()}


def step_export(url: str) -> dict[str, float]:
    from ledger.application import Ledger

    with Ledger(url) as ledger:
        started = time.perf_counter()
        count = sum(1 for _ in ledger.export())
        seconds = time.perf_counter() - started
    return {"events": count, "seconds": seconds, "rate": count / seconds, "peak_mb": peak_memory_mb()}


def step_size(url: str) -> dict[str, float]:
    from ledger.store import open_store

    store = open_store(url)
    events = store.head()
    if url.startswith("sqlite"):
        base = url.removeprefix("sqlite:///")
        size = sum(os.path.getsize(base + s) for s in ("", "-wal") if os.path.exists(base + s))
    else:
        import psycopg

        schema = url.rsplit("schema=", 1)[1]
        with psycopg.connect(PG) as connection:
            size = connection.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'", (schema,)).fetchone()[0]
    return {"bytes": float(size), "events": events, "per_event": float(size) / max(events, 1)}


STEPS = {name.removeprefix("step_"): fn for name, fn in globals().items() if name.startswith("step_")}


def log_wall_time(url: str, branch: str, runs: int = 20) -> float:
    """Median wall time of `taizhang log …`, process start to exit."""
    taizhang = str(Path(sys.executable).parent / "taizhang")
    timings = []
    for n in range(runs):
        started = time.perf_counter()
        result = subprocess.run([taizhang, "log", "activity-logged", "-b", branch, "--kind", "themed_party_day",
                                 "--date", "2025-12-29", "--id", f"bench-log-{n}-{time.time_ns()}", "--db", url],
                                capture_output=True, text=True, check=False)
        timings.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
    return statistics.median(timings)


def startup_floor(runs: int = 20) -> float:
    """Median wall time of a bare Python process: the floor under any command."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


# --- the run ----------------------------------------------------------------------------

def child(step: str, *args: str) -> dict[str, Any]:
    return run_child("benchmarks.suite", "--step", step, *args)


def measure_size(kind: str, size: int) -> dict[str, Any]:
    path = str(sample_file(size))
    result: dict[str, Any] = {"kind": kind, "size": size}
    raw_url = fresh_url(kind)
    try:
        result["raw_append"] = child("raw_append", raw_url, path)
    finally:
        drop(raw_url)
    url = fresh_url(kind)
    floor_url = fresh_url(kind)
    try:
        result["import"] = child("import", url, path)
        result["driver_insert"] = child("driver_insert", floor_url, url)
        result["size"] = child("size", url)
        result["raw_read"] = child("raw_read", url)
        result["rebuild"] = child("rebuild", url)
        result["export"] = child("export", url)
        result["verify"] = child("verify", url)
        result["score"] = child("score", url)
        branch = "B01" if size < 45_000 else "B0001"  # the generator's codes: B01… below 100 branches
        result["catch_up"] = child("catch_up", url, branch)
        result["log_wall"] = log_wall_time(url, branch)
    finally:
        drop(url)
        drop(floor_url)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--report-only", action="store_true",
                        help="Rewrite the report from benchmarks/out/suite.json without measuring again.")
    parser.add_argument("--step")
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    if options.step:
        print(json.dumps(STEPS[options.step](*options.args)))
        return
    OUT.mkdir(exist_ok=True)
    if options.report_only:
        results = json.loads((OUT / "suite.json").read_text())
    else:
        results = []
        for kind in options.stores.split(","):
            for size in (int(s) for s in options.sizes.split(",")):
                print(f"{kind} {size:,} …", file=sys.stderr, flush=True)
                results.append(measure_size(kind, size))
                (OUT / "suite.json").write_text(json.dumps(results, indent=2))
    from benchmarks.report import write_report

    report = write_report(results, machine(), datetime.now(UTC), startup_floor())
    Path(options.output).write_text(report, encoding="utf-8")
    print(f"wrote {options.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
