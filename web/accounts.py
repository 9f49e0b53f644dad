"""What the web needs from user accounts and the permission matrix (a port).

The accounts and the matrix live in the application layer (``ledger/users.py``,
``ledger/access.py``); the web only asks. :func:`store_accounts` adapts them when
they are installed; until then nobody can log in, every page can be read and
nothing can be written through the web.
"""

from __future__ import annotations

from typing import Any, Protocol

#: the actions the web asks about (the matrix decides who may do each)
READ = "read"
RECORD = "record"
CORRECT = "correct"
RETRACT = "retract"
SELF_CHECK = "self_check"
SCORES = "scores"
WHAT_IF = "what_if"
ADOPT = "adopt"
PUBLISH = "publish"
AUDIT = "audit"


class Account(Protocol):
    """A logged-in user as the web sees it."""

    @property
    def name(self) -> str: ...


class LoginFailed(Exception):
    """A login refused, with a message safe to show (in the page's language); ``retry_after`` seconds when the
    application has locked the name after repeated failures."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class Accounts(Protocol):
    """Logins and permissions, answered by the application layer (which also slows repeated failures)."""

    def authenticate(self, name: str, password: str, lang: str) -> Account:
        """The account when the password is right and the account active; else :class:`LoginFailed`."""

    def stamp(self, account: Account) -> int:
        """What a session remembers of the account at login (a password change or disabling moves it on)."""

    def find(self, name: str, stamp: int) -> Account | None:
        """The account of a session begun at ``stamp``, while it still stands (else None: the session ends)."""

    def allowed(self, account: Account | None, action: str, branch: str | None) -> bool:
        """Whether the account may do the action (for the branch, when it concerns one)."""

    def roles(self, account: Account, lang: str) -> list[str]:
        """The account's roles in ``lang``, to show who is logged in."""


class NoAccounts:
    """Before user accounts exist: anyone reads, nobody logs in, nothing is written."""

    def authenticate(self, name: str, password: str, lang: str) -> Account:
        from ledger.i18n import text

        raise LoginFailed(text(lang, "this store has no user accounts yet: every page can be read, "
                                     "nothing can be recorded through the web"))

    def stamp(self, account: Account) -> int:
        return 0

    def find(self, name: str, stamp: int) -> Account | None:
        return None

    def allowed(self, account: Account | None, action: str, branch: str | None) -> bool:
        return action == READ

    def roles(self, account: Account, lang: str) -> list[str]:
        return []


def store_accounts(application: Any) -> Accounts:
    """The application layer's accounts and matrix on this store, when installed."""
    try:
        import ledger.access  # noqa: F401
        import ledger.users  # noqa: F401
    except ImportError:
        return NoAccounts()
    from web.accounts_adapter import adapter

    return adapter(application)
