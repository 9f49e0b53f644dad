"""A bounded load test of the web face on loopback: simulated users recording meetings through the form.

    python -m benchmarks.web_load [--users 20] [--seconds 30] [--stores sqlite,postgres]

For each store: a generated year of one branch per user, served by uvicorn in its own
process; each user logs in and posts the meeting form for its own branch, one after
another, for the given time. Then the store is read back: every acknowledged form must be
stored exactly once (0 lost, 0 doubled) and no request may fail. Prints one Markdown row
per store: forms recorded, rate, p50 and p95 latency, server errors, lost, doubled.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from benchmarks.common import drop, fresh_url
from ledger.application import Ledger
from ledger.sample import generate

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
DAY = "2025-12-15"


def fill(url: str, branches: int) -> dict[str, list[str]]:
    """A generated year of ``branches`` branches of 8 members; returns each branch's members."""
    entries = list(generate(branches, 8, 2025, seed=7))
    lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
    with Ledger(url, user="bench") as ledger:
        ledger.import_lines(lambda: lines, keep_recorded_at=True)
    members: dict[str, list[str]] = {}
    for entry in entries:
        if entry["type"] == "MemberRegistered":
            members.setdefault(entry["branch"], []).append(entry["member"])
    return members


def add_users(url: str, users: list[tuple[str, str, str | None]]) -> None:
    """Users with PASSWORD and a role each."""
    with Ledger(url) as ledger:
        for name, role, branch in users:
            ledger.add_user(name, PASSWORD, role, branch)


def serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    """``taizhang serve`` on the store in its own process; returns the process and its address once it listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from commands.main import run; run()", "--db", url, "serve",
               "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def user(base: str, branch: str, present: list[str], start: threading.Barrier, seconds: float,
         results: list[tuple[str, float, int]], lock: threading.Lock) -> None:
    with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
        page = client.get("/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        client.post("/login", data={"csrf": csrf, "name": "office", "password": PASSWORD, "next": "/"})
        csrf = re.search(r'name="csrf" value="([^"]+)"',  # type: ignore[union-attr]
                         client.get(f"/b/{branch}/record/MeetingHeld").text).group(1)
        n = 0
        start.wait()  # every user logged in: the clock starts for all at once
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            n += 1
            topic = f"load {branch} {n}"
            started = time.perf_counter()
            try:
                status = client.post(f"/b/{branch}/record/MeetingHeld", data={
                    "csrf": csrf, "date": DAY, "kind": "party_group", "topic": topic, "present": present}).status_code
            except httpx.HTTPError:
                status = 0
            with lock:
                results.append((topic, time.perf_counter() - started, status))


def run(kind: str, users: int, seconds: float) -> dict[str, object]:
    url = fresh_url(kind)
    try:
        members = fill(url, users)
        add_users(url, [("office", "office", None)])
        server, base = serve(url)
        try:
            results: list[tuple[str, float, int]] = []
            lock = threading.Lock()
            start = threading.Barrier(len(members) + 1)
            threads = [threading.Thread(target=user, args=(base, branch, codes[:5], start, seconds, results, lock))
                       for branch, codes in sorted(members.items())]
            for thread in threads:
                thread.start()
            start.wait()
            started = time.monotonic()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        with Ledger(url, create=False) as ledger:
            stored = Counter(event.data.get("topic") for _, event in ledger.events()
                             if type(event).__name__ == "MeetingHeld" and event.date == DAY)
    finally:
        drop(url)
    acknowledged = {topic for topic, _, status in results if status == 303}
    latencies = sorted(latency for _, latency, status in results if status == 303)
    return {
        "store": kind, "users": users, "seconds": round(elapsed, 1), "recorded": len(acknowledged),
        "rate": round(len(acknowledged) / elapsed, 1),
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)], 1) if latencies else None,
        "errors": sum(1 for _, _, status in results if status != 303),
        "lost": sum(1 for topic in acknowledged if stored[topic] == 0),
        "doubled": sum(1 for topic in acknowledged if stored[topic] > 1),
        "unacknowledged_but_stored": sum(1 for topic in stored if topic not in acknowledged),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--stores", default="sqlite,postgres")
    options = parser.parse_args()
    print("| store | users | seconds | forms recorded | forms/s | p50 (ms) | p95 (ms) | errors | lost | doubled |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind in options.stores.split(","):
        row = run(kind, options.users, options.seconds)
        print(f"| {row['store']} | {row['users']} | {row['seconds']} | {row['recorded']} | {row['rate']} | "
              f"{row['p50_ms']} | {row['p95_ms']} | {row['errors']} | {row['lost']} | {row['doubled']} |",
              flush=True)
        print(json.dumps(row), file=sys.stderr)


if __name__ == "__main__":
    main()
