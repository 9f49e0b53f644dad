"""Writing the organisation's papers: the summary and every branch's score sheet.

    python -m benchmarks.report_speed --branches 1250 [--stores sqlite]

The store is filled with a generated year (what ``taizhang generate`` writes,
25 members a branch) and its scorecards are computed and stored once, as
``taizhang score`` or a rulebook adoption leaves them; the measured step then
writes the summary workbook and the score-sheet workbook of every branch (one
worksheet each) in its own process, so its peak memory is its own. Target
(issue 12): under 30 s and 300 MB for 1,250 branches.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, date, datetime
from pathlib import Path

from benchmarks.common import OUT, drop, fresh_url, machine, peak_memory_mb, run_child

ON = date(2026, 6, 30)


def fill(url: str, branches: int) -> None:
    from ledger.application import Ledger
    from ledger.sample import generate
    from projections.assessment import branches_of, rulebook_for
    from projections.scorecards import scorecards_for

    lines = [json.dumps(e, ensure_ascii=False) for e in generate(branches, 25, 2025, seed=3, until=ON)]
    with Ledger(url, now=lambda: datetime(2026, 6, 30, tzinfo=UTC), user="bench") as ledger:
        ledger.import_lines(lambda: lines, keep_recorded_at=True, replaying=True)
        store = ledger.store
        scorecards_for(store, 2025, rulebook_for(store, 2025).book, ON, branches_of(store), "zh")


def measure(url: str) -> dict[str, float]:
    from ledger.store import open_store
    from reports import Request, render

    store = open_store(url)
    started = time.perf_counter()
    summary = render(store, Request("summary", 2025, None, "zh", ON), ".xlsx")
    summary_seconds = time.perf_counter() - started
    sheets = render(store, Request("score-sheet", 2025, None, "zh", ON), ".xlsx")
    total = time.perf_counter() - started
    OUT.mkdir(exist_ok=True)
    (Path(OUT) / "score-sheets.xlsx").write_bytes(sheets.data)
    return {"branches": sheets.parts, "events": store.head(), "summary_seconds": summary_seconds,
            "sheets_seconds": total - summary_seconds, "total_seconds": total, "peak_mb": peak_memory_mb(),
            "summary_kb": len(summary.data) / 1024, "sheets_mb": len(sheets.data) / 1024 / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=1250)
    parser.add_argument("--stores", default="sqlite")
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
    print(f"# papers benchmark, {machine()}")
    print("| store | branches | events | summary (s) | every score sheet (s) | both (s) | peak (MB) "
          "| score-sheet workbook (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind in args.stores.split(","):
        url = fresh_url(kind)
        try:
            run_child("benchmarks.report_speed", "--step", "fill", "--url", url, "--branches", str(args.branches))
            result = run_child("benchmarks.report_speed", "--step", "measure", "--url", url)
        finally:
            drop(url)
        print(f"| {kind} | {int(result['branches'])} | {int(result['events']):,} | {result['summary_seconds']:.1f} | "
              f"{result['sheets_seconds']:.1f} | {result['total_seconds']:.1f} | {result['peak_mb']:.0f} | "
              f"{result['sheets_mb']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
