"""How fast the web face's pages answer on a large store (in process, through the ASGI app).

    python -m benchmarks.web_pages [--events 1000000] [--stores sqlite,postgres] [--requests 30]

A generated year of about ``--events`` entries (25 members a branch) is imported, an
office login is added, and the app is driven by Starlette's test client in this process
(so the figures are the application's, not the network's). Each page is asked for once to
warm it (read models caught up, scorecards stored), then ``--requests`` times: p50 and p95
per page. Targets (issue 11): a branch page (台帐, attendance, dues) p95 < 100 ms on a
1,000,000-event store; the organisation's score sheet of 1,250 branches < 1 s from stored
scorecards. The floor printed beside them is the login page (no store read at all).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from datetime import UTC, datetime

from benchmarks.common import drop, fresh_url, machine, sample_file

PASSWORD = "correct horse battery staple"


def fill(url: str, events: int) -> list[str]:
    from ledger.application import Ledger

    path = sample_file(events)
    with Ledger(url, now=lambda: datetime(2026, 6, 30, tzinfo=UTC), user="bench") as ledger:
        ledger.import_lines(lambda: path.open(encoding="utf-8"), keep_recorded_at=True, replaying=True)
        ledger.add_user("office", PASSWORD, "office")
        return sorted({branch for branch, _ in ledger.counts() if branch.startswith("B")})


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(url: str, branches: list[str], requests: int) -> list[dict[str, object]]:
    from starlette.testclient import TestClient

    from web.app import create_app

    middle = branches[len(branches) // 2]
    pages = {
        "login page (floor)": "/login",
        "台帐 (ledger)": f"/b/{middle}/ledger?year=2025",
        "attendance": f"/b/{middle}/attendance?year=2025",
        "dues": f"/b/{middle}/dues?year=2025",
        "roster": f"/b/{middle}/roster",
        "self-check scorecard": f"/b/{middle}/score?year=2025",
        f"score sheet ({len(branches)} branches)": "/office/scores?year=2025",
    }
    rows: list[dict[str, object]] = []
    with TestClient(create_app(url, secret="bench"), follow_redirects=False) as client:
        form = client.get("/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        assert token, "no form token on /login"
        answer = client.post("/login", data={"csrf": token.group(1), "name": "office", "password": PASSWORD,
                                             "next": "/"})
        assert answer.status_code == 303, answer.text
        for title, path in pages.items():
            started = time.perf_counter()
            first = client.get(path)
            warm_up = time.perf_counter() - started
            assert first.status_code == 200, (path, first.status_code)
            samples = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(path)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            rows.append({"page": title, "first_ms": round(warm_up * 1000, 1),
                         "p50_ms": round(statistics.median(samples), 1),
                         "p95_ms": round(percentile(samples, 0.95), 1)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    print(f"machine: {machine()}")
    for kind in options.stores.split(","):
        url = fresh_url(kind)
        try:
            started = time.perf_counter()
            branches = fill(url, options.events)
            print(f"\n{kind}: {options.events:,} events, {len(branches)} branches, filled in "
                  f"{time.perf_counter() - started:.0f} s\n")
            rows = measure(url, branches, options.requests)
            print("| page | first (ms) | p50 (ms) | p95 (ms) |\n|---|---:|---:|---:|")
            for row in rows:
                print(f"| {row['page']} | {row['first_ms']} | {row['p50_ms']} | {row['p95_ms']} |")
            print(json.dumps({"store": kind, "events": options.events, "pages": rows}, ensure_ascii=False))
        finally:
            drop(url)


if __name__ == "__main__":
    main()
