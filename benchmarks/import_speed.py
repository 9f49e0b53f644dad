"""Import throughput beside the library's raw batched append of the same events.

    python -m benchmarks.import_speed --events 100000 [--stores sqlite,postgres]

Each measurement runs in its own process. "raw" is the eventsourcing library
alone: the same events, already built as domain event objects, saved with
``app.save`` in batches of 2,000 into a fresh store. "import" is
``taizhang import`` of the same file into a fresh store: reading, JSON
parsing, pydantic validation, the ledger's checks, the entries table and the
hash chain, all in one transaction.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import drop, fresh_url, machine, peak_memory_mb, run_child, sample_file

BATCH = 2000


def measure_import(path: Path, url: str) -> dict[str, float]:
    from ledger.application import Ledger

    with Ledger(url, now=lambda: datetime(2026, 6, 30, tzinfo=UTC), user="bench") as ledger:
        def lines():  # type: ignore[no-untyped-def]
            with path.open("rb") as handle:
                yield from handle
        started = time.perf_counter()
        summary = ledger.import_lines(lines, keep_recorded_at=True, replaying=True)
        seconds = time.perf_counter() - started
    return {"events": summary.stored, "seconds": seconds, "rate": summary.stored / seconds,
            "peak_mb": peak_memory_mb()}


def prepared_events(path: Path) -> list[object]:
    """The same entries as domain events with stream ids and versions, as an import makes them."""
    from ledger.events import EVENT_CLASSES
    from ledger.parsing import load_json_line, parse_entry
    from ledger.streams import branch_stream, year_stream

    versions: dict[object, int] = {}
    targets: dict[str, object] = {}
    events = []
    with path.open("rb") as handle:
        for line in handle:
            entry = parse_entry(load_json_line(line))
            if entry.stream == "branch":
                stream = branch_stream(entry.branch)
            elif entry.stream == "year":
                stream = year_stream(entry.branch, entry.date.year)
            else:
                stream = targets[entry.target]  # type: ignore[attr-defined]
            targets[entry.id or ""] = stream
            versions[stream] = versions.get(stream, 0) + 1
            events.append(EVENT_CLASSES[entry.type](
                originator_id=stream, originator_version=versions[stream],
                timestamp=entry.recorded_at, entry_id=entry.id, branch=entry.branch,
                date=entry.date.isoformat(), recorded_by=entry.recorded_by or "bench",
                note=entry.note, data=entry.payload(),
            ))
    return events


def measure_raw(path: Path, url: str) -> dict[str, float]:
    from ledger.store import TaizhangStore, parse_url

    events = prepared_events(path)
    app = TaizhangStore(env=parse_url(url).env)
    started = time.perf_counter()
    for start in range(0, len(events), BATCH):
        app.save(*events[start:start + BATCH])  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    app.close()
    return {"events": len(events), "seconds": seconds, "rate": len(events) / seconds,
            "peak_mb": peak_memory_mb()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--step", choices=["import", "raw"])
    parser.add_argument("--file")
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.step:
        measure = measure_import if args.step == "import" else measure_raw
        print(json.dumps(measure(Path(args.file), args.url)))
        return
    path = sample_file(args.events)
    print(f"# import benchmark, {machine()}, {datetime.now(UTC):%Y-%m-%d}", file=sys.stderr)
    rows = []
    for kind in args.stores.split(","):
        results = {}
        for step in ("raw", "import"):
            url = fresh_url(kind)
            try:
                results[step] = run_child("benchmarks.import_speed", "--step", step,
                                          "--file", str(path), "--url", url)
            finally:
                drop(url)
        raw, ours = results["raw"], results["import"]
        rows.append((kind, int(ours["events"]), raw["rate"], ours["rate"], ours["rate"] / raw["rate"],
                     ours["peak_mb"]))
    print("| store | events | raw app.save (events/s) | taizhang import (events/s) | ratio "
          "| import peak memory (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, events, raw_rate, rate, ratio, peak in rows:
        print(f"| {kind} | {events:,} | {raw_rate:,.0f} | {rate:,.0f} | {ratio:.2f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
