"""Shared helpers: sample files of a given size, fresh stores, peak memory."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

from ledger.sample import generate

PG = os.environ.get("TAIZHANG_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
OUT = Path(__file__).resolve().parent / "out"
EVENTS_PER_BRANCH_YEAR = 450  # 25 members per branch: a little under what the generator writes


def sample_file(events: int, seed: int = 1, year: int = 2025) -> Path:
    """A generated year of about ``events`` entries (cached under benchmarks/out)."""
    OUT.mkdir(exist_ok=True)
    branches = max(1, -(-events // EVENTS_PER_BRANCH_YEAR))
    path = OUT / f"year-{branches}x25-{seed}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as handle:
            for entry in generate(branches, 25, year, seed=seed, until=date(year + 1, 6, 30)):
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        partial.replace(path)
    return path


def fresh_url(kind: str) -> str:
    if kind == "sqlite":
        OUT.mkdir(exist_ok=True)
        path = OUT / f"bench-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}"
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return f"{PG}?schema={schema}"


def drop(url: str) -> None:
    if url.startswith("sqlite"):
        base = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(base + suffix).unlink(missing_ok=True)
        return
    import psycopg

    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(PG, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(module: str, *args: str) -> dict[str, float]:
    """Runs a benchmark step in its own process (so its peak memory is its own)."""
    result = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"
