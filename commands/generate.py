"""``taizhang generate``: a realistic, deterministic history as JSON Lines."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import IO, Annotated

import typer

from commands.output import stderr, user_errors


def generate(
    branches: Annotated[int, typer.Option(min=1, max=100_000, help="How many branches.")] = 10,
    members_per_branch: Annotated[int, typer.Option(min=4, max=500, help="Members in each branch.")] = 25,
    year: Annotated[int | None, typer.Option(
        min=1921, max=2200, help="The last year generated (default: last year).")] = None,
    years: Annotated[int, typer.Option(min=1, max=20, help="How many years, ending with --year.")] = 1,
    seed: Annotated[int, typer.Option(help="The same seed gives the same file, byte for byte.")] = 1,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
) -> None:
    """Write a realistic history: branches of different profiles, ready for `taizhang import`.

    Most branches are ordinary, some model, some struggling and a few failing;
    attendance varies by member and season; dues are monthly with some arrears;
    about 5% of members transfer a year, some late; activists, admissions with
    and without public notice, probation conversions, rare violations, records
    entered weeks late, about 1% retractions and corrections, and findings.
    """
    from ledger.sample import generate as sample

    last = year or date.today().year - 1
    if last >= date.today().year and years:
        stderr.print(f"note: {last} is not over; entries after today are left out", highlight=False)
    from ledger.output_files import written
    from ledger.store import parse_url

    def write(handle: IO[str]) -> int:
        count = 0
        for entry in sample(branches, members_per_branch, last, years=years, seed=seed):
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            count += 1
        return count

    if output is None:
        write(sys.stdout)
        return
    with user_errors(), written(output, parse_url(None).files) as handle:
        count = write(handle)
    stderr.print(f"{output}: {count} entries", highlight=False)
