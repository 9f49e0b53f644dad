"""Users: accounts, logins and roles, the use cases every face (the CLI, the web) calls on a ``Ledger``.

A user is known to the store once a ``RoleGranted`` entry names them or they have a row in
the credentials table. Roles are granted and revoked by entries (``RoleGranted``,
``RoleRevoked``: who granted what role, for which branch, to whom, when), recorded with the
hash chain like every other entry; passwords live only in the credentials table
(``ledger/credentials.py``), hashed with argon2id, never in the log.

Failed logins are slowed: after :data:`FREE_ATTEMPTS` failures in a row the account is
locked for 30 s, doubling with each further failure up to 15 min; the clock is the
ledger's (injectable). A disabled user cannot log in, and every session it had is refused
(its ``epoch`` moved on).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ledger.access import Action, UserDisabled, require
from ledger.acting import folded_grants
from ledger.credentials import Credentials, CredentialsTable
from ledger.errors import InvalidEntry, TranslatedError
from ledger.grants import Grant, Grants
from ledger.i18n import N_
from ledger.parsing import parse_entry
from ledger.schema import BRANCH_ROLES, Entry
from ledger.streams import USERS
from ledger.values import check_code

if TYPE_CHECKING:
    from ledger.store import Store, Writer
    from ledger.unit_of_work import Recorded

T = TypeVar("T")
FREE_ATTEMPTS = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)
MIN_PASSWORD, MAX_PASSWORD = 8, 1024
#: argon2id with the library's defaults (RFC 9106's second recommended profile: 64 MiB, 3 passes)
PASSWORD_HASHER = PasswordHasher()

WRONG = N_("wrong name or password")
DISABLED = N_("account disabled")
TOO_MANY = N_("too many attempts, try again in {seconds} s")


@dataclass(frozen=True)
class UserAccount:
    """A user as the faces see it.

    Attributes:
        name: the login name.
        roles: the roles held now, each a :class:`Grant` (role, branch or None).
        active: False once disabled (no login, every session refused).
        epoch: a session begun at another epoch is refused (password changed, disabled, enabled).
        has_password: False until a password is set, or once it is erased.
    """

    name: str
    roles: tuple[Grant, ...]
    active: bool
    epoch: int
    has_password: bool


class LoginRefused(TranslatedError):
    """A login failed; the message is safe to show (it never says whether the name exists).

    Attributes:
        retry_after: seconds until another attempt is looked at, when the account is locked.
    """

    def __init__(self, msgid: str, /, retry_after: int | None = None, **params: object) -> None:
        self.retry_after = retry_after
        super().__init__(msgid, **params)


class NoSuchUser(TranslatedError):
    def __init__(self, user: str) -> None:
        super().__init__(N_("no user {user}; add one with taizhang users add"), user=user)


class UserExists(TranslatedError):
    def __init__(self, user: str) -> None:
        super().__init__(N_("user {user} already exists"), user=user)


def lock_for(failures: int) -> timedelta | None:
    """How long an account is locked after ``failures`` failed logins in a row (None: not locked)."""
    if failures < FREE_ATTEMPTS:
        return None
    lock: timedelta = FIRST_LOCK * 2 ** min(failures - FREE_ATTEMPTS, 10)
    return min(lock, LONGEST_LOCK)


class BadPassword(TranslatedError):
    """A new password that cannot be used; ``field`` is ``password``, for a form to show it by the field."""

    field = "password"

    def __init__(self) -> None:
        super().__init__(N_("a password has {low} to {high} characters"), low=MIN_PASSWORD, high=MAX_PASSWORD)


def check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise BadPassword()


def organisation_code() -> str:
    """The organisation's code, which role entries name as their ``branch`` (``TAIZHANG_ORG``, default ORG)."""
    import os

    return os.environ.get("TAIZHANG_ORG") or "ORG"


def check_name(name: str) -> None:
    try:
        check_code(name)
    except ValueError as error:
        raise InvalidEntry(str(error), "name") from None


@cache
def _unused_hash() -> str:
    return PASSWORD_HASHER.hash(uuid.uuid4().hex)


def _account(name: str, grants: Grants, row: Credentials | None) -> UserAccount:
    return UserAccount(name, grants.of(name), row.active if row else True, row.epoch if row else 0,
                       bool(row and row.password_hash))


class UserCases:
    """The users' use cases, mixed into :class:`ledger.application.Ledger`."""

    store: Store
    now: Callable[[], datetime]
    user_name: str

    def _retrying(self, attempt: Callable[[], T]) -> T:  # provided by Ledger
        raise NotImplementedError

    # --- reading ------------------------------------------------------------------------

    def grants(self) -> Grants:
        """Every user's roles in effect, folded from the users stream (again only when it has grown)."""
        with self.store.dialect.read_cursor() as cursor:
            version = self.store.dialect.last_version(cursor, USERS)
        return folded_grants(self.store, version, lambda: (event for _, event in self.store.stream_events([USERS])))

    def user(self, name: str) -> UserAccount | None:
        """The user of that name, or None if the store knows no such user."""
        row = CredentialsTable(self.store).get(name)
        grants = self.grants()
        if row is None and not grants.named(name):
            return None
        return _account(name, grants, row)

    def users(self) -> list[UserAccount]:
        rows = {row.name: row for row in CredentialsTable(self.store).all()}
        grants = self.grants()
        return [_account(name, grants, rows.get(name)) for name in sorted(set(rows) | set(grants.users()))]

    def session_valid(self, name: str, epoch: int) -> UserAccount | None:
        """The user of a session begun at ``epoch``, if it still stands (active, same epoch); else None."""
        account = self.user(name)
        if account is None or not account.active or account.epoch != epoch:
            return None
        return account

    def acting(self, by: str | None = None) -> UserAccount | None:
        """The known user acting (``by``, else the ledger's user); None: no known user, the administrator."""
        return self.user(by or self.user_name)

    # --- logging in ---------------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> UserAccount:
        """The user, if the password is theirs and they may log in; else :class:`LoginRefused`."""
        table = CredentialsTable(self.store)
        row = table.get(name)
        now = self.now()
        if row is None or row.password_hash is None:
            _verify(_unused_hash(), password)  # as slow as a real check: the answer says nothing of the name
            raise LoginRefused(WRONG)
        if row.locked_until is not None and row.locked_until > now:
            raise _too_many(row.locked_until - now)
        if not _verify(row.password_hash, password):
            lock = self._retrying(lambda: self._count_failure(name, now))
            if lock is not None:
                raise _too_many(lock)
            raise LoginRefused(WRONG)
        if not row.active:
            raise LoginRefused(DISABLED)
        rehashed = PASSWORD_HASHER.hash(password) if PASSWORD_HASHER.check_needs_rehash(row.password_hash) else None
        if row.failures or row.locked_until or rehashed:
            self._update(name, failures=0, locked_until=None,
                         **({"password_hash": rehashed} if rehashed else {}))
        account = self.user(name)
        assert account is not None
        return account

    def _count_failure(self, name: str, now: datetime) -> timedelta | None:
        table = CredentialsTable(self.store)
        with self.store.writer() as writer:
            row = table.locked_get(writer.cursor, name)
            if row is None:
                return None
            failures = row.failures + 1
            lock = lock_for(failures)
            table.update(writer.cursor, name, now, failures=failures,
                         locked_until=now + lock if lock is not None else None)
        return lock

    # --- managing users -----------------------------------------------------------------

    def add_user(self, name: str, password: str, role: str, branch: str | None = None, *,
                 by: str | None = None) -> UserAccount:
        """A new user with a password and a first role (a ``RoleGranted`` entry, recorded ``by``)."""
        check_name(name)
        check_password(password)
        self._manage(by)
        if self.user(name) is not None:
            raise UserExists(name)
        hashed = PASSWORD_HASHER.hash(password)
        entry = self._role_entry("RoleGranted", name, role, branch)

        def insert(writer: Writer) -> None:
            table = CredentialsTable(self.store)
            if table.locked_get(writer.cursor, name) is not None:
                raise UserExists(name)
            table.insert(writer.cursor, name, hashed, self.now())

        self._record_role(entry, by, insert)
        account = self.user(name)
        assert account is not None
        return account

    def set_password(self, name: str, password: str, *, by: str | None = None) -> None:
        """A new password (by the user themselves or a user manager); the user's other sessions end."""
        check_password(password)
        actor = self.acting(by)
        if actor is not None and actor.name != name:
            require(actor, Action.MANAGE_USERS, None)
        elif actor is not None and not actor.active:
            raise UserDisabled(actor.name)
        self._known(name)
        hashed = PASSWORD_HASHER.hash(password)
        self._update(name, password_hash=hashed, epoch="+1", failures=0, locked_until=None)

    def change_password(self, name: str, current: str, new: str) -> None:
        """A user changes their own password, proving the current one first."""
        self.authenticate(name, current)
        self.set_password(name, new, by=name)

    def disable_user(self, name: str, *, by: str | None = None, erase_password: bool = False) -> None:
        """The user can no longer log in, and every session of theirs is refused; roles stay in the log."""
        self._manage(by)
        self._known(name)
        extra: dict[str, Any] = {"password_hash": None} if erase_password else {}
        self._update(name, active=0, epoch="+1", **extra)

    def enable_user(self, name: str, *, by: str | None = None) -> None:
        self._manage(by)
        self._known(name)
        self._update(name, active=1, epoch="+1", failures=0, locked_until=None)

    def erase_password(self, name: str, *, by: str | None = None) -> None:
        """Erases the user's password hash (no login until a new one is set)."""
        self._manage(by)
        self._known(name)
        self._update(name, password_hash=None, epoch="+1")

    def grant_role(self, name: str, role: str, branch: str | None = None, *, by: str | None = None) -> Recorded:
        """Records a ``RoleGranted`` entry for a known user."""
        self._manage(by)
        self._known(name)
        return self._record_role(self._role_entry("RoleGranted", name, role, branch), by)

    def revoke_role(self, name: str, role: str, branch: str | None = None, *, by: str | None = None) -> Recorded:
        """Records a ``RoleRevoked`` entry (refused unless the user holds that role)."""
        self._manage(by)
        self._known(name)
        return self._record_role(self._role_entry("RoleRevoked", name, role, branch), by)

    # --- helpers ------------------------------------------------------------------------

    def _manage(self, by: str | None) -> None:
        actor = self.acting(by)
        if actor is not None:
            require(actor, Action.MANAGE_USERS, None)

    def _known(self, name: str) -> None:
        if self.user(name) is None:
            raise NoSuchUser(name)

    def _role_entry(self, kind: str, name: str, role: str, branch: str | None) -> Entry:
        raw: dict[str, Any] = {"type": kind, "branch": organisation_code(),
                               "date": self.now().astimezone().date().isoformat(), "user": name, "role": role}
        if branch is not None:
            raw["for_branch"] = branch
        elif role in BRANCH_ROLES:
            raise InvalidEntry(f"a {role} holds the role for one branch; name it", "branch")
        return parse_entry(raw)

    def _record_role(self, entry: Entry, by: str | None,
                     also: Callable[[Writer], None] | None = None) -> Recorded:
        from ledger.unit_of_work import UnitOfWork

        def once() -> Recorded:
            with self.store.writer() as writer:
                work = UnitOfWork(self.store, writer, now=self.now, user=by or self.user_name)
                outcome = work.record(entry, uuid.uuid4().hex)
                work.flush()
                if also is not None:
                    also(writer)
            return outcome

        return self._retrying(once)

    def _update(self, name: str, **values: Any) -> None:
        table = CredentialsTable(self.store)
        now = self.now()

        def once() -> None:
            with self.store.writer() as writer:
                if table.locked_get(writer.cursor, name) is None:
                    table.insert(writer.cursor, name, None, now)
                table.update(writer.cursor, name, now, **values)

        self._retrying(once)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(PASSWORD_HASHER.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _too_many(remaining: timedelta) -> LoginRefused:
    seconds = max(1, math.ceil(remaining.total_seconds()))
    return LoginRefused(TOO_MANY, retry_after=seconds, seconds=seconds)
