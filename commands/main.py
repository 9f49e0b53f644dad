"""The ``taizhang`` command: sub-apps composed in one place."""

from __future__ import annotations

import os

import typer

from commands import (
    log,
    projections_commands,
    report_commands,
    score_commands,
    serve_command,
    store_commands,
    trust_commands,
    users_commands,
    views_commands,
)
from commands.output import EXIT_INTERNAL, EXIT_INVALID, STORE_FROM_FLAG, DbOption

app = typer.Typer(
    name="taizhang",
    help="台帐 Taizhang — the work ledger of a party organisation: record entries as "
    "they happen, import and export them, and check the store's integrity.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def main(db: DbOption = None) -> None:
    """台帐 Taizhang — the work ledger of a party organisation."""
    STORE_FROM_FLAG[0] = bool(db) and db != os.environ.get("TAIZHANG_DB")
    if db:
        os.environ["TAIZHANG_DB"] = db
    from ledger.store import ignored_library_settings

    ignored = ignored_library_settings()
    if ignored:
        from commands.output import stderr

        stderr.print(f"note: {', '.join(ignored)} set in the environment: ignored "
                     "(Taizhang's store is never compressed or encrypted through the library's settings)",
                     highlight=False)


app.add_typer(log.app, name="log")
store_commands.register(app)
views_commands.register(app)
score_commands.register(app)
report_commands.register(app)
trust_commands.register(app)
users_commands.register(app)
serve_command.register(app)
app.add_typer(projections_commands.app, name="projections")


def run() -> None:
    """The console script: a failure a user did not cause is one line and exit 4, never a traceback.

    ``TAIZHANG_DEBUG=1`` shows the traceback for a bug report.
    """
    try:
        app()
    except BrokenPipeError:
        # the reader went away (``taizhang export | head``): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        raise SystemExit(0) from None
    except OSError as error:
        _internal(f"cannot write the output: {error.strerror}", EXIT_INVALID)
    except Exception as error:
        if os.environ.get("TAIZHANG_DEBUG"):
            raise
        _internal(f"internal error ({type(error).__name__}: {error}); "
                  "run again with TAIZHANG_DEBUG=1 for a report", EXIT_INTERNAL)


def _internal(message: str, code: int) -> None:
    import sys

    try:
        sys.stderr.write(f"error: {message}\n")
    except OSError:
        pass
    raise SystemExit(code)
