"""Everything that touches the terminal: consoles, formats, errors to exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

# Exit codes: 1 the input or the store's content is wrong (bad lines, a broken
# chain); 2 the command line is wrong (Typer's own); 3 the store cannot be used;
# 4 Taizhang itself failed (a bug: one line, never a traceback; TAIZHANG_DEBUG=1 shows it).
EXIT_INVALID = 1
EXIT_STORE = 3
EXIT_INTERNAL = 4

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="TAIZHANG_DB", show_envvar=True,
        help="The store: sqlite:///FILE or postgresql://USER@HOST:PORT/DB[?schema=NAME] "
        "(default: taizhang.db in this folder if there is one, else in your data folder; "
        "`taizhang where` tells).",
    ),
]
#: whether this run's store was named by the --db flag (for `taizhang where`)
STORE_FROM_FLAG: list[bool] = [False]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="table for people, json for scripts.")
]


def cli_language() -> str:
    """The language of messages: ``TAIZHANG_LANG`` (zh or en), Chinese by default."""
    import os

    from ledger.i18n import language

    return language(os.environ.get("TAIZHANG_LANG"))


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    stderr.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turns the ledger's errors into a message on stderr and an exit code."""
    from ledger.errors import ImportRejected, LedgerError, StoreError

    try:
        yield
    except ImportRejected:
        raise
    except StoreError as error:
        fail(str(error), EXIT_STORE)
    except LedgerError as error:
        in_language = getattr(error, "in_language", None)  # a catalog message (ledger.errors.TranslatedError)
        fail(in_language(cli_language()) if in_language else str(error))
    except KeyboardInterrupt:
        fail("interrupted; nothing was written by the unfinished step", 130)
    except Exception as error:
        if not _is_database_error(error):
            raise
        cause = getattr(error, "orig", None) or error
        fail(f"the store failed: {type(cause).__name__}: {str(cause).strip().splitlines()[0]}", EXIT_STORE)


def _is_database_error(error: Exception) -> bool:
    """Whether an error comes from a database layer (only those already imported can have raised it)."""
    kinds = []
    for module, name in (("sqlalchemy.exc", "SQLAlchemyError"), ("eventsourcing.persistence", "PersistenceError"),
                         ("sqlite3", "Error"), ("psycopg", "Error")):
        loaded = sys.modules.get(module)
        if loaded is not None:
            kinds.append(getattr(loaded, name))
    return isinstance(error, tuple(kinds))
