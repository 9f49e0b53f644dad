"""The credentials table: password hashes, login counters and session epochs, beside the event tables.

Not part of the log (a hash must be changeable and erasable; the log is neither): one row per
user, ``taizhang_credentials``, made with the store (or on first need in a store made before),
read and written through the store's own connections, on SQLite and PostgreSQL alike.

``epoch`` goes up whenever a user's password changes or the user is disabled or enabled: a
session remembers the epoch it began in and is refused once it differs (``Ledger.session_valid``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ledger.store import Store

_COLUMNS = "name, password_hash, active, epoch, failures, locked_until, changed_at"


@dataclass(frozen=True)
class Credentials:
    """One user's row.

    Attributes:
        name: the login name.
        password_hash: the argon2id hash (PHC string), or None once erased.
        active: False once disabled.
        epoch: bumped by every change that must end the user's sessions.
        failures: failed logins in a row.
        locked_until: no login is tried before this time (after repeated failures).
    """

    name: str
    password_hash: str | None
    active: bool
    epoch: int
    failures: int
    locked_until: datetime | None
    changed_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> Credentials:
        return cls(row[0], row[1], bool(row[2]), int(row[3]), int(row[4]),
                   datetime.fromisoformat(row[5]) if row[5] else None, datetime.fromisoformat(row[6]))


class CredentialsTable:
    """Reads and writes ``taizhang_credentials`` through the store's dialect (its connections and SQL)."""

    def __init__(self, store: Store) -> None:
        self.dialect = store.dialect

    def get(self, name: str) -> Credentials | None:
        with self.dialect.read_cursor() as cursor:
            if not self.dialect.has_credentials(cursor):
                return None
            rows = self.dialect.fetchall(cursor, f"SELECT {_COLUMNS} FROM {{credentials}} WHERE name = ?", (name,))
        return Credentials.from_row(rows[0]) if rows else None

    def all(self) -> list[Credentials]:
        with self.dialect.read_cursor() as cursor:
            if not self.dialect.has_credentials(cursor):
                return []
            rows = self.dialect.fetchall(cursor, f"SELECT {_COLUMNS} FROM {{credentials}} ORDER BY name")
        return [Credentials.from_row(row) for row in rows]

    # --- inside a write transaction (the cursor of ``Store.writer()``) ----------------------

    def find(self, cursor: Any, name: str) -> Credentials | None:
        """One row, read in an open transaction (None if there is no row or no table yet)."""
        if not self.dialect.has_credentials(cursor):
            return None
        rows = self.dialect.fetchall(cursor, f"SELECT {_COLUMNS} FROM {{credentials}} WHERE name = ?", (name,))
        return Credentials.from_row(rows[0]) if rows else None

    def ensure(self, cursor: Any) -> None:
        if not self.dialect.has_credentials(cursor):
            self.dialect.create_credentials(cursor)

    def locked_get(self, cursor: Any, name: str) -> Credentials | None:
        self.ensure(cursor)
        suffix = "" if self.dialect.placeholder == "?" else " FOR UPDATE"
        rows = self.dialect.fetchall(cursor, f"SELECT {_COLUMNS} FROM {{credentials}} WHERE name = ?{suffix}",
                                     (name,))
        return Credentials.from_row(rows[0]) if rows else None

    def insert(self, cursor: Any, name: str, password_hash: str | None, now: datetime) -> None:
        self.ensure(cursor)
        cursor.execute(self.dialect.sql(
            f"INSERT INTO {{credentials}} ({_COLUMNS}) VALUES (?, ?, 1, 1, 0, NULL, ?)"),
            (name, password_hash, now.isoformat()))

    def update(self, cursor: Any, name: str, now: datetime, **values: Any) -> None:
        """Sets columns of one row (``epoch="+1"`` bumps the epoch)."""
        assignments, params = [], []
        for column, value in values.items():
            if column == "epoch" and value == "+1":
                assignments.append("epoch = epoch + 1")
                continue
            assignments.append(f"{column} = ?")
            params.append(value.isoformat() if isinstance(value, datetime) else value)
        assignments.append("changed_at = ?")
        params += [now.isoformat(), name]
        cursor.execute(self.dialect.sql(f"UPDATE {{credentials}} SET {', '.join(assignments)} WHERE name = ?"),
                       tuple(params))
