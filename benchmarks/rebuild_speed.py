"""Full rebuild of the read models beside the raw read-and-decode of the same log.

    python -m benchmarks.rebuild_speed --events 500000 [--stores sqlite,postgres]

Each store is filled once by ``taizhang import`` of a generated year; then, in
separate processes, "raw" reads every notification with the recorder's
``select_notifications`` (pages of 10,000) and decodes it with the library's
mapper, and "rebuild" runs ``projections rebuild`` (drop, replay, build the
deferred indexes). The two alternate ``--repeat`` times and the best run of
each is reported: this shared 2-core machine's timings vary by a third
between identical runs, and the best run is the one least disturbed.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime

from benchmarks.common import drop, fresh_url, machine, peak_memory_mb, run_child, sample_file


def measure_raw(url: str) -> dict[str, float]:
    from ledger.store import open_store

    store = open_store(url)
    decode = store.mapper.to_domain_event
    started = time.perf_counter()
    count = 0
    for notification in store.notifications(page=10_000):
        decode(notification)
        count += 1
    seconds = time.perf_counter() - started
    return {"events": count, "seconds": seconds, "rate": count / seconds, "peak_mb": peak_memory_mb()}


def measure_rebuild(url: str) -> dict[str, float]:
    from ledger.store import open_store
    from projections.runner import Runner
    from projections.views import Views

    store = open_store(url)
    runner = Runner(store, Views(store))
    started = time.perf_counter()
    count = runner.rebuild()
    seconds = time.perf_counter() - started
    return {"events": count, "seconds": seconds, "rate": count / seconds, "peak_mb": peak_memory_mb()}


def fill(url: str, events: int) -> None:
    from ledger.application import Ledger

    path = sample_file(events)
    with Ledger(url, now=lambda: datetime(2026, 6, 30, tzinfo=UTC), user="bench") as ledger:
        def lines():  # type: ignore[no-untyped-def]
            with path.open("rb") as handle:
                yield from handle
        ledger.import_lines(lines, keep_recorded_at=True, replaying=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500_000)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--step", choices=["raw", "rebuild", "fill"])
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.step == "fill":
        fill(args.url, args.events)
        print(json.dumps({}))
        return
    if args.step:
        print(json.dumps((measure_raw if args.step == "raw" else measure_rebuild)(args.url)))
        return
    print(f"# rebuild benchmark, {machine()}")
    print("| store | events | raw read+decode (events/s) | rebuild (events/s) | ratio | "
          "raw peak (MB) | rebuild peak (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in args.stores.split(","):
        url = fresh_url(kind)
        try:
            run_child("benchmarks.rebuild_speed", "--step", "fill", "--url", url,
                      "--events", str(args.events))
            raws, rebuilds = [], []
            for _ in range(args.repeat):
                raws.append(run_child("benchmarks.rebuild_speed", "--step", "raw", "--url", url))
                rebuilds.append(run_child("benchmarks.rebuild_speed", "--step", "rebuild", "--url", url))
            raw = max(raws, key=lambda r: r["rate"])
            rebuilt = max(rebuilds, key=lambda r: r["rate"])
        finally:
            drop(url)
        print(f"| {kind} | {int(rebuilt['events']):,} | {raw['rate']:,.0f} | {rebuilt['rate']:,.0f} | "
              f"{rebuilt['rate'] / raw['rate']:.2f} | {raw['peak_mb']:.0f} | {rebuilt['peak_mb']:.0f} |",
              flush=True)


if __name__ == "__main__":
    main()
