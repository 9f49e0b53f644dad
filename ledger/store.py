"""Where the events live: the eventsourcing library's SQLite or PostgreSQL recorder.

One URL chooses the store (``--db`` or ``TAIZHANG_DB``):

- ``sqlite:///taizhang.db`` (relative path) or ``sqlite:////abs/path.db``;
  the default is found by :mod:`ledger.locations` (a ``taizhang.db`` in the
  working directory, else the per-user data folder);
- ``postgresql://user[:password]@host[:port]/database[?schema=name]``.

Beside the library's events table, the store keeps ``taizhang_entries``:
one row per stored event, written in the same transaction, holding the entry
id (unique: the idempotent append the library lacks), the entry an override
targets (indexed) and the hash chain (``hash`` over
the event's stored content and ``prev_hash``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    Notification,
    PersistenceError,
    StoredEvent,
)

from ledger.chain import link_hash
from ledger.errors import StoreError
from ledger.store_sql import (
    ChainLink,
    Dialect,
    EntryRow,
    KnownEntry,
    PostgresDialect,
    SQLiteDialect,
)
from ledger.store_url import (
    ENTRIES_TABLE,
    LIBRARY_SETTINGS,
    META_TABLE,
    NO_STORE,
    StoreConfig,
    _driver_message,
    ignored_library_settings,
    mask_password,
    parse_url,
)

#: the store's interface; URLs live in ledger.store_url, the SQL in ledger.store_sql
__all__ = [
    "ChainLink",
    "Dialect",
    "ENTRIES_TABLE",
    "EntryRow",
    "KnownEntry",
    "LIBRARY_SETTINGS",
    "META_TABLE",
    "NO_STORE",
    "PostgresDialect",
    "SQLiteDialect",
    "Store",
    "StoreConfig",
    "TaizhangStore",
    "Writer",
    "ignored_library_settings",
    "mask_password",
    "open_store",
    "parse_url",
    "store_exists",
]

class TaizhangStore(Application[UUID]):
    """The eventsourcing application that owns the events table."""

    name = "Taizhang"

class Store:
    """The event store: the library's recorder plus the entries table."""

    def __init__(self, config: StoreConfig, *, create: bool = True) -> None:
        self.config = config
        with _creation_lock(config, create) as exists:
            if not exists and not create:
                raise StoreError(NO_STORE.format(store=config.display))
            # the library would also read these from the process environment: Taizhang's
            # store is never compressed or encrypted behind its back (see ignored_library_settings)
            env = dict(config.env, CREATE_TABLE="n" if exists else "y", **dict.fromkeys(LIBRARY_SETTINGS, ""))
            try:
                self.app = TaizhangStore(env=env)
            except (PersistenceError, OSError) as error:
                raise StoreError(
                    f"cannot open the store {config.display}: {_driver_message(error, config.url)}"
                ) from None
            self.recorder: Any = self.app.recorder
            self.mapper = self.app.mapper
            self.dialect: Dialect = (
                PostgresDialect(self) if config.kind == "postgres" else SQLiteDialect(self)
            )
            if not exists:
                self.dialect.create_tables()

    def close(self) -> None:
        self.app.close()

    # --- reading ---------------------------------------------------------------

    def head(self) -> int:
        return int(self.recorder.max_notification_id() or 0)

    def notifications(self, start: int = 1, page: int = 5000) -> Iterator[Notification]:
        """Every stored event in append order, read in pages."""
        while True:
            batch: Sequence[Notification] = self.recorder.select_notifications(start, page)
            yield from batch
            if len(batch) < page:
                return
            start = batch[-1].id + 1

    def chain_links(self, start: int, stop: int) -> list[ChainLink]:
        return self.dialect.chain_links(start, stop)

    def chain_tip(self) -> tuple[int, str]:
        """The last link of the hash chain, (position, hash); ``(0, GENESIS)`` for an empty store.

        Printed on the papers computed from the store, so that a reader can later check
        (``taizhang verify``) that the history they were computed from is still there.
        """
        return self.dialect.chain_tip()

    def stream_events(self, originator_ids: Sequence[UUID]) -> list[tuple[int, Any]]:
        """Every event of some streams with its position in the log, decoded, in log order."""
        found = []
        for notification in self.dialect.select_streams(list(originator_ids)):
            found.append((notification.id, self.mapper.to_domain_event(notification)))
        return sorted(found, key=lambda pair: pair[0])

    def last_position(self, originator_ids: Sequence[UUID]) -> int:
        """The last position in the log of any event of these streams (0 if none)."""
        return max(self.last_positions(originator_ids).values(), default=0)

    def last_positions(self, originator_ids: Sequence[UUID]) -> dict[UUID, int]:
        """The last position in the log of each of these streams (streams with no event left out)."""
        found: dict[UUID, int] = {}
        for start in range(0, len(originator_ids), 500):
            found.update(self.dialect.last_positions(list(originator_ids[start:start + 500])))
        return found

    def positions(self, entry_ids: Sequence[str]) -> dict[str, int]:
        """Where entries are in the log, by id (through the entries table's unique index)."""
        found: dict[str, int] = {}
        for start in range(0, len(entry_ids), 500):
            found.update(self.dialect.positions(entry_ids[start:start + 500]))
        return found

    def events_at(self, notification_ids: Sequence[int]) -> dict[int, Any]:
        """Stored events by their position in the log, decoded."""
        found: dict[int, Any] = {}
        for start in range(0, len(notification_ids), 500):
            for notification in self.dialect.select_at(notification_ids[start:start + 500]):
                found[notification.id] = self.mapper.to_domain_event(notification)
        return found

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """A write transaction: everything appended commits together or not at all."""
        with self.dialect.transaction() as cursor:
            yield Writer(self, cursor)


class Writer:
    """Reads and appends inside one transaction."""

    def __init__(self, store: Store, cursor: Any) -> None:
        self.store = store
        self.dialect = store.dialect
        self.cursor = cursor

    def stream(self, originator_id: UUID) -> list[StoredEvent]:
        return self.dialect.select_stream(self.cursor, originator_id)

    def last_version(self, originator_id: UUID) -> int:
        return self.dialect.last_version(self.cursor, originator_id)

    def lookup(self, entry_ids: Sequence[str]) -> dict[str, KnownEntry]:
        found: dict[str, KnownEntry] = {}
        for start in range(0, len(entry_ids), 500):
            for known in self.dialect.lookup(self.cursor, entry_ids[start:start + 500]):
                found[known.entry_id] = known
        return found

    def overriders(self, target: str) -> list[str]:
        return self.dialect.overriders(self.cursor, target)

    def event(self, notification_id: int) -> StoredEvent:
        return self.dialect.select_event(self.cursor, notification_id)

    def append(self, stored: Sequence[StoredEvent], rows: Sequence[EntryRow]) -> None:
        """Appends events and their entry rows, extending the hash chain."""
        if not stored:
            return
        ids = self.dialect.insert_events(self.cursor, stored)
        previous = self.dialect.chain_head(self.cursor, ids[0])
        format_2_from = self.dialect.claim_format_2(self.cursor, ids[0])
        links = []
        for notification_id, event, row in zip(ids, stored, rows, strict=True):
            version = 2 if notification_id >= format_2_from else 1
            digest = link_hash(previous, event, row.entry_id, row.target, version=version)
            links.append((notification_id, row.entry_id, row.target, digest, previous))
            previous = digest
        self.dialect.insert_links(self.cursor, links)



@contextmanager
def _creation_lock(config: StoreConfig, create: bool = True) -> Iterator[bool]:
    """Yields whether the tables exist; creating them is serialised between processes.

    The library's DDL is not safe to run from two processes at once on
    PostgreSQL ("tuple concurrently updated"), so the first opener creates
    the tables under an advisory lock and later ones skip the DDL.
    """
    if config.kind == "sqlite":
        path = config.env["SQLITE_DBNAME"]
        yield _sqlite_has_tables(path)
        return
    import psycopg

    env = config.env
    try:
        connection = psycopg.connect(
            dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None, connect_timeout=5, autocommit=True,
        )
    except psycopg.Error as error:
        raise StoreError(
            f"cannot open the store {config.display}: {_driver_message(error, config.url)}"
        ) from None
    with connection:
        table = f'"{config.schema}"."{ENTRIES_TABLE}"'
        if connection.execute("SELECT to_regclass(%s)", (table,)).fetchone() != (None,):
            yield True
            return
        if not create:
            yield False
            return
        connection.execute("SELECT pg_advisory_lock(%s)", (_DDL_LOCK,))
        try:
            connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{config.schema}"')
            exists = connection.execute("SELECT to_regclass(%s)", (table,)).fetchone() != (None,)
            yield exists
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_DDL_LOCK,))


_DDL_LOCK = 0x7A6F_6E67  # "zong": any fixed key shared by every Taizhang process


def _sqlite_has_tables(path: str) -> bool:
    import sqlite3

    if not Path(path).exists():
        return False
    try:
        with sqlite3.connect(path) as connection:
            row = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('stored_events', ?)",
                (ENTRIES_TABLE,),
            ).fetchone()
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the store {path}: {error}") from None
    return bool(row[0] == 2)


def store_exists(config: StoreConfig) -> bool:
    """Whether a store's tables are there (never creates anything)."""
    with _creation_lock(config, create=False) as exists:
        return exists


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Opens the store a URL names; with ``create`` (commands that write) its tables are made on first use.

    Commands that only read pass ``create=False``: a mistyped path or a command run
    in another folder then says there is no store, instead of showing an empty one.
    """
    config = parse_url(url)
    if config.kind == "sqlite":
        parent = Path(config.env["SQLITE_DBNAME"]).parent
        if create and not parent.exists():
            from ledger.locations import data_folder

            if parent.resolve() == data_folder().resolve():
                parent.mkdir(parents=True, mode=0o700)  # the per-user folder, made on first use
        if not parent.is_dir():
            raise StoreError(f"cannot open the store {config.display}: no folder {parent}")
    return Store(config, create=create)
