"""Scoring every branch of a generated year, and one audit from the store.

    python -m benchmarks.score_speed --branches 200 [--stores sqlite,postgres]

Scorecards are computed from the event store's branch and branch-year
streams (indexed reads) by the pure scoring engine; the audit adds the
comparison with a publication and the trace.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, date, datetime

from benchmarks.common import drop, fresh_url, machine, peak_memory_mb, run_child


def fill(url: str, branches: int) -> None:
    from ledger.application import Ledger
    from ledger.sample import generate
    from projections.assessment import publish

    lines = [json.dumps(e, ensure_ascii=False) for e in generate(branches, 25, 2025, seed=3,
                                                                 until=date(2026, 6, 30))]
    with Ledger(url, now=lambda: datetime(2026, 6, 30, tzinfo=UTC), user="bench") as ledger:
        ledger.import_lines(lambda: lines, keep_recorded_at=True, replaying=True)
        publish(ledger, 2025, organisation="ORG", on=date(2026, 6, 30))


def measure(url: str) -> dict[str, float]:
    from ledger.store import open_store
    from projections.assessment import audit, branches_of, rulebook_for
    from projections.scorecards import scorecards_for

    store = open_store(url)
    codes = branches_of(store)
    started = time.perf_counter()
    book = rulebook_for(store, 2025).book
    cards = scorecards_for(store, 2025, book, date(2026, 6, 30), codes)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    book = rulebook_for(store, 2025).book
    cards = scorecards_for(store, 2025, book, date(2026, 6, 30), codes)
    scored = time.perf_counter() - started
    started = time.perf_counter()
    report = audit(store, codes[len(codes) // 2], 2025)
    audited = time.perf_counter() - started
    assert report.matches, report.differences
    return {"branches": len(cards), "score_seconds": scored, "cold_seconds": cold, "audit_seconds": audited,
            "peak_mb": peak_memory_mb(), "events": store.head()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=200)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--step", choices=["fill", "measure"])
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.step == "fill":
        fill(args.url, args.branches)
        print("{}")
        return
    if args.step == "measure":
        print(json.dumps(measure(args.url)))
        return
    print(f"# scoring benchmark, {machine()}")
    print("| store | branches | events | score all, stored cards (s) | score all, computed (s) | one audit (s) "
          "| peak (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in args.stores.split(","):
        url = fresh_url(kind)
        try:
            run_child("benchmarks.score_speed", "--step", "fill", "--url", url, "--branches", str(args.branches))
            result = run_child("benchmarks.score_speed", "--step", "measure", "--url", url)
        finally:
            drop(url)
        print(f"| {kind} | {int(result['branches'])} | {int(result['events']):,} | {result['score_seconds']:.3f} | "
              f"{result['cold_seconds']:.2f} | {result['audit_seconds']:.3f} | {result['peak_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
