"""``taizhang users add|list|disable|enable|passwd|grant|revoke`` and ``taizhang access`` (the permission matrix).

Each command parses, calls one use case of ``ledger.users`` on a ``Ledger`` and prints. Passwords
are read with a hidden prompt, or one line from standard input with ``--password-stdin``; never
from the command line. ``--by`` (default ``TAIZHANG_USER``, else the login name) is who acts: a
user known to the store needs the ``manage_users`` permission; an unknown name is the
administrator with direct access to the store (docs/access.md).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from commands.output import (
    DbOption,
    FormatOption,
    OutputFormat,
    cli_language,
    fail,
    print_json,
    stdout,
    user_errors,
)

if TYPE_CHECKING:
    from ledger.grants import Grant

app = typer.Typer(help="Users, their passwords and their roles (who may record what).", no_args_is_help=True)

NameArgument = Annotated[str, typer.Argument(help="The user's login name (letters, digits, _ . -).")]
RoleOption = Annotated[str, typer.Option(
    "--role", "-r", help="recorder, secretary, deputy_secretary, office, reader or admin.")]
BranchOption = Annotated[str | None, typer.Option(
    "--branch", "-b", help="The branch the role is for (recorder, secretary, deputy_secretary).")]
ByOption = Annotated[str | None, typer.Option(
    "--by", envvar="TAIZHANG_USER", help="Who does it (default: TAIZHANG_USER or your login).")]
StdinOption = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input (for scripts).")]
LangOption = Annotated[str | None, typer.Option("--lang", help="zh (default) or en.")]


def _password(from_stdin: bool) -> str:
    from ledger.i18n import text

    lang = cli_language()
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            fail(text(lang, "--password-stdin: standard input is empty"))
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        fail(text(lang, "no terminal to ask for the password: pipe it in with --password-stdin"))
    return str(typer.prompt(text(lang, "Password"), hide_input=True, confirmation_prompt=True))


@app.command("add")
def add(name: NameArgument, role: RoleOption, branch: BranchOption = None, password_stdin: StdinOption = False,
        by: ByOption = None, db: DbOption = None) -> None:
    """Add a user with a password and a first role (recorded as a RoleGranted entry)."""
    from ledger.application import Ledger
    from ledger.i18n import text

    password = _password(password_stdin)
    lang = cli_language()
    with user_errors(), Ledger(db, user=by) as ledger:
        account = ledger.add_user(name, password, role, branch, by=by)
    stdout.print(text(lang, "added {user}: {roles}", user=account.name,
                      roles=_roles(lang, account.roles)), highlight=False)


@app.command("list")
def list_users(db: DbOption = None, output: FormatOption = OutputFormat.table, lang: LangOption = None) -> None:
    """Every user, their roles, and whether they may log in."""
    from rich.table import Table

    from ledger.application import Ledger
    from ledger.i18n import language, text

    chosen = language(lang) if lang else cli_language()
    with user_errors(), Ledger(db, create=False) as ledger:
        accounts = ledger.users()
    if output == OutputFormat.json:
        print_json([{"name": a.name, "roles": [{"role": g.role, "branch": g.branch} for g in a.roles],
                     "active": a.active, "has_password": a.has_password} for a in accounts])
        return
    table = Table(text(chosen, "user"), text(chosen, "roles"), text(chosen, "status"))
    for account in accounts:
        status = text(chosen, "active") if account.active else text(chosen, "disabled")
        if not account.has_password:
            status += " · " + text(chosen, "no password")
        table.add_row(account.name, _roles(chosen, account.roles), status)
    stdout.print(table)


@app.command("disable")
def disable(name: NameArgument, erase_password: Annotated[bool, typer.Option(
        "--erase-password", help="Also erase the password hash.")] = False,
        by: ByOption = None, db: DbOption = None) -> None:
    """Disable a user: no login, every session of theirs refused; their roles stay in the log."""
    from ledger.application import Ledger
    from ledger.i18n import text

    with user_errors(), Ledger(db, create=False, user=by) as ledger:
        ledger.disable_user(name, by=by, erase_password=erase_password)
    stdout.print(text(cli_language(), "disabled {user}", user=name), highlight=False)


@app.command("enable")
def enable(name: NameArgument, by: ByOption = None, db: DbOption = None) -> None:
    """Let a disabled user log in again."""
    from ledger.application import Ledger
    from ledger.i18n import text

    with user_errors(), Ledger(db, create=False, user=by) as ledger:
        ledger.enable_user(name, by=by)
    stdout.print(text(cli_language(), "enabled {user}", user=name), highlight=False)


@app.command("passwd")
def passwd(name: NameArgument, password_stdin: StdinOption = False, by: ByOption = None,
           db: DbOption = None) -> None:
    """Set a user's password (their other sessions end)."""
    from ledger.application import Ledger
    from ledger.i18n import text

    password = _password(password_stdin)
    with user_errors(), Ledger(db, create=False, user=by) as ledger:
        ledger.set_password(name, password, by=by)
    stdout.print(text(cli_language(), "password of {user} changed", user=name), highlight=False)


@app.command("grant")
def grant(name: NameArgument, role: RoleOption, branch: BranchOption = None, by: ByOption = None,
          db: DbOption = None) -> None:
    """Grant a user a role (a RoleGranted entry)."""
    from ledger.application import Ledger
    from ledger.i18n import text

    with user_errors(), Ledger(db, create=False, user=by) as ledger:
        recorded = ledger.grant_role(name, role, branch, by=by)
    stdout.print(text(cli_language(), "recorded {type} {id}", type=recorded.type, id=recorded.entry_id),
                 highlight=False)


@app.command("revoke")
def revoke(name: NameArgument, role: RoleOption, branch: BranchOption = None, by: ByOption = None,
           db: DbOption = None) -> None:
    """Revoke a role a user holds (a RoleRevoked entry)."""
    from ledger.application import Ledger
    from ledger.i18n import text

    with user_errors(), Ledger(db, create=False, user=by) as ledger:
        recorded = ledger.revoke_role(name, role, branch, by=by)
    stdout.print(text(cli_language(), "recorded {type} {id}", type=recorded.type, id=recorded.entry_id),
                 highlight=False)


def access(lang: LangOption = None, output: FormatOption = OutputFormat.table) -> None:
    """Print the permission matrix: what each role may do, for its own branch or every branch."""
    from rich.table import Table

    from ledger.access import Action, matrix_rows
    from ledger.i18n import language, name, text

    chosen = language(lang) if lang else cli_language()
    rows = matrix_rows()
    if output == OutputFormat.json:
        print_json({role: dict(zip([str(a) for a in Action], scopes, strict=True)) for role, scopes in rows})
        return
    marks = {"own": name(chosen, "access_scope", "own"), "all": name(chosen, "access_scope", "all"), "": "—"}
    table = Table(text(chosen, "action"), *[name(chosen, "access_role", role) for role, _ in rows])
    for index, action in enumerate(Action):
        table.add_row(name(chosen, "access_action", action), *[marks[scopes[index]] for _, scopes in rows])
    stdout.print(table)


def _roles(lang: str, grants: tuple[Grant, ...]) -> str:
    from ledger.i18n import name

    shown = [name(lang, "access_role", grant.role) + (f" {grant.branch}" if grant.branch else "") for grant in grants]
    return ", ".join(shown) or "—"


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="users")
    main.command("access")(access)
