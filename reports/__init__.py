"""The papers people sign and pass on: the score sheet, the summary, the 台帐 workbook, the 通报.

Both faces (the CLI's ``taizhang report``, the web's downloads) call :func:`write_report`.
Reports read the same read models, scorecards and publications as every other face
and compute no score of their own: every number on a paper is a number of
``taizhang score --format json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from ledger.errors import LedgerError
from ledger.i18n import text
from ledger.output_files import written
from ledger.store import Store

#: each paper and the formats it comes in (chosen by the output file's suffix)
FORMATS: Final[dict[str, tuple[str, ...]]] = {
    "score-sheet": (".xlsx", ".pdf", ".html"),
    "summary": (".xlsx", ".csv"),
    "ledger": (".xlsx", ".pdf", ".html"),
    "announcement": (".pdf", ".html"),
}

#: the media type of each format, for a download
CONTENT_TYPES: Final[dict[str, str]] = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
}


class ReportError(LedgerError):
    """A paper that cannot be made as asked (the message says why and what would work)."""


@dataclass(frozen=True)
class Request:
    kind: str
    year: int
    branch: str | None
    lang: str
    on: date


def check_format(kind: str, path: Path, lang: str) -> str:
    """The format of ``path`` for this paper, or a clear refusal naming the formats it comes in."""
    suffix = path.suffix.lower()
    allowed = FORMATS[kind]
    if suffix not in allowed:
        raise ReportError(text(lang, "{path}: the {kind} comes as {allowed}, not {suffix}",
                               path=str(path), kind=kind, allowed=", ".join(allowed), suffix=suffix or "—"))
    return suffix


def write_report(store: Store, request: Request, path: Path) -> int:
    """Writes a paper to ``path`` (whole or not at all); returns how many sheets or pages it has."""
    suffix = check_format(request.kind, path, request.lang)
    content = render(store, request, suffix)
    with written(path, store.config.files, binary=True) as handle:
        handle.write(content.data)
    return content.parts


@dataclass(frozen=True)
class Rendered:
    data: bytes
    parts: int  # sheets of a workbook, pages of a PDF, rows of a CSV


@dataclass(frozen=True)
class Download:
    data: bytes
    content_type: str
    filename: str  # a suggested name, e.g. score-sheet-2025-B01.xlsx


def download(store: Store, kind: str, year: int, branch: str | None, lang: str, suffix: str,
             on: date | None = None) -> Download:
    """A paper for a web download: its bytes, media type and a file name (the format refused as in the CLI)."""
    if kind not in FORMATS:
        raise ReportError(text(lang, "no paper is called {kind}; the papers are {kinds}", kind=kind,
                               kinds=", ".join(FORMATS)))
    name = "-".join(part for part in (kind, str(year), branch) if part) + suffix.lower()
    suffix = check_format(kind, Path(name), lang)
    content = render(store, Request(kind, year, branch, lang, on or date.today()), suffix)
    return Download(content.data, CONTENT_TYPES[suffix], name)


def render(store: Store, request: Request, suffix: str) -> Rendered:
    """A paper as bytes in the format of ``suffix`` (what the web sends as a download)."""
    if request.kind == "score-sheet" and suffix != ".xlsx":
        from reports.score_sheet_print import score_sheets_printed

        return score_sheets_printed(store, request, suffix)
    if request.kind == "score-sheet":
        from reports.score_sheet import score_sheets

        return score_sheets(store, request)
    if request.kind == "summary":
        from reports.summary import summary

        return summary(store, request, suffix)
    if request.kind == "ledger" and suffix != ".xlsx":
        from reports.ledger_print import ledger_printed

        return ledger_printed(store, request, suffix)
    if request.kind == "ledger":
        from reports.ledger_book import ledger_book

        return ledger_book(store, request)
    from reports.announcement import announcement

    return announcement(store, request, suffix)
