"""Four writer processes and two projection runners on one PostgreSQL database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.scaling import run


def test_four_writers_and_two_runners_lose_nothing_and_agree_with_one_process(
    new_store_url: Any, tmp_path: Path
) -> None:
    result = run(new_store_url("postgres"), new_store_url("postgres"), branches=8, members=6, writers=4,
                 runners=2, workdir=tmp_path)
    assert result["stored"] == result["unique_ids"] == result["entries"]
    assert result["chain_ok"]
    assert result["runner_position"] == result["head"]
    assert all(line.endswith(f"stopped at {result['head']}") for line in result["runners_stopped_at"])
    assert result["scorecards_equal"] and result["branches"] == 8
