"""``taizhang report score-sheet | summary | ledger | announcement``: the papers, as files."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from commands.output import DbOption, stdout, user_errors
from commands.views_commands import Lang


class Paper(StrEnum):
    score_sheet = "score-sheet"
    summary = "summary"
    ledger = "ledger"
    announcement = "announcement"


def report(
    paper: Annotated[Paper, typer.Argument(help="score-sheet (考核评分表), summary (汇总表), "
                                                "ledger (工作台帐) or announcement (通报).")],
    year: Annotated[int, typer.Option("--year", "-y", min=1921, max=2200, help="The assessed year.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file; its suffix chooses the format: "
                                         ".xlsx, .csv (summary), .pdf or .html (announcement).")],
    branch: Annotated[str | None, typer.Option("--branch", "-b", help="One branch (score-sheet: default all; "
                                                                     "ledger: required).")] = None,
    lang: Annotated[Lang, typer.Option(help="Chinese or English.")] = Lang.zh,
    db: DbOption = None,
) -> None:
    """Write a paper people sign and pass on, from the same scorecards as `taizhang score`."""
    from ledger.store import open_store
    from reports import Request, check_format, write_report

    request = Request(paper.value, year, branch, lang.value, date.today())
    with user_errors():
        check_format(request.kind, output, request.lang)
        store = open_store(db, create=False)
        try:
            parts = write_report(store, request, output)
        finally:
            store.close()
    stdout.print(f"{output}: {parts}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(report)
