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

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    IntegrityError,
    Notification,
    OperationalError,
    PersistenceError,
    StoredEvent,
)

from ledger.chain import FORMAT_2_KEY, GENESIS, link_hash
from ledger.errors import StoreError

NO_STORE = (
    "no store at {store}; name one with --db or TAIZHANG_DB "
    "(a store is created by the first `taizhang log`, `import` or `demo`)"
)
ENTRIES_TABLE = "taizhang_entries"
META_TABLE = "taizhang_meta"
#: users' password hashes, login counters and session epochs: changeable, erasable, never in the log
CREDENTIALS_TABLE = "taizhang_credentials"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


#: settings the eventsourcing library reads from the environment that would change how
#: events are stored; Taizhang ignores them (a cipher is set up only through Taizhang's own options)
LIBRARY_SETTINGS = ("CIPHER_TOPIC", "CIPHER_KEY", "COMPRESSOR_TOPIC")


def ignored_library_settings() -> list[str]:
    """The library settings present in the environment, which Taizhang ignores."""
    return [name for name in LIBRARY_SETTINGS if os.environ.get(name)]


def mask_password(url: str) -> str:
    """The URL with any password replaced by ``***`` (also one containing ``@`` or ``/``)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    # the userinfo ends at the LAST "@" before the path: a password may contain "@"
    authority, slash, path = rest.partition("/")
    if "@" not in authority:
        return url
    userinfo, _, host = authority.rpartition("@")
    user, colon, _password = userinfo.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}{slash}{path}"


@dataclass(frozen=True)
class StoreConfig:
    """A parsed store URL."""

    kind: str  # "sqlite" or "postgres"
    url: str
    env: dict[str, str]
    schema: str = "public"

    @property
    def display(self) -> str:
        return mask_password(self.url)

    @property
    def files(self) -> list[Path]:
        """The files an embedded store lives in (none for PostgreSQL)."""
        if self.kind != "sqlite":
            return []
        main = Path(self.env["SQLITE_DBNAME"])
        return [main, main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm")]


def parse_url(url: str | None) -> StoreConfig:
    """Reads a store URL (``None``: ``TAIZHANG_DB`` or the default SQLite file)."""
    if not url:
        from ledger.locations import locate

        url = locate(None).url
    shown = mask_password(url)
    try:
        parsed = urlparse(url)
        port = parsed.port
    except ValueError as error:
        raise StoreError(f"--db {shown}: not a valid URL ({_without_password(str(error), url)})") from None
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path[1:] if parsed.path.startswith("/") else parsed.path)
        if not path:
            raise StoreError(f"--db {shown}: name a file, e.g. sqlite:///taizhang.db")
        return StoreConfig("sqlite", url, {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "60",
        })
    if parsed.scheme in ("postgresql", "postgres"):
        database = parsed.path.lstrip("/")
        if not database:
            raise StoreError(f"--db {shown}: name a database, e.g. postgresql://postgres@127.0.0.1/test")
        schema = parse_qs(parsed.query).get("schema", ["public"])[0]
        if not _SCHEMA_NAME.fullmatch(schema):
            raise StoreError(f"--db {shown}: schema {schema!r} must be a lower-case SQL identifier")
        return StoreConfig("postgres", url, {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(database),
            "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(port or 5432),
            "POSTGRES_USER": unquote(parsed.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parsed.password or ""),
            "POSTGRES_SCHEMA": schema,
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "4",
        }, schema)
    raise StoreError(
        f"--db {shown}: unknown store; use sqlite:///FILE or postgresql://USER@HOST:PORT/DB"
    )


def _driver_message(error: BaseException, url: str) -> str:
    """The first line of a driver's message (the rest is hints for a DBA), without the password."""
    lines = str(error).strip().splitlines()
    return _without_password(lines[0] if lines else type(error).__name__, url)


def _without_password(message: str, url: str) -> str:
    """A driver's or parser's message with the URL's password, raw or quoted, taken out."""
    try:
        password = urlparse(url).password
    except ValueError:
        password = url.partition("://")[2].rpartition("@")[0].partition(":")[2] or None
    for secret in {password, unquote(password or "")} - {None, ""}:
        assert secret is not None
        message = message.replace(secret, "***")
    return message


class TaizhangStore(Application[UUID]):
    """The eventsourcing application that owns the events table."""

    name = "Taizhang"


@dataclass(frozen=True)
class EntryRow:
    """The ``taizhang_entries`` row written beside a stored event."""

    entry_id: str
    target: str | None


@dataclass(frozen=True)
class ChainLink:
    notification_id: int
    entry_id: str
    target: str | None
    hash: str
    prev_hash: str


@dataclass(frozen=True)
class KnownEntry:
    """An entry already stored: where it is and what it says."""

    entry_id: str
    originator_id: UUID
    topic: str
    notification_id: int

    @property
    def type(self) -> str:
        return self.topic.rpartition(":")[2]


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


class Dialect:
    """The SQL that differs between SQLite and PostgreSQL."""

    placeholder = "?"
    events_table = "stored_events"
    id_column = "rowid"
    position_type = "INTEGER"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.recorder: Any = store.recorder
        self._format_2_from: int | None = None

    def sql(self, text: str) -> str:
        return text.replace("?", self.placeholder).format(
            events=self.events_table, entries=self.entries_table, nid=self.id_column,
            meta=self.meta_table, credentials=self.credentials_table,
        )

    @property
    def entries_table(self) -> str:
        return ENTRIES_TABLE

    @property
    def meta_table(self) -> str:
        return META_TABLE

    @property
    def credentials_table(self) -> str:
        return CREDENTIALS_TABLE

    def create_credentials(self, cursor: Any) -> None:
        """The users' credentials table (``ledger/credentials.py``); made with the store, or on first need."""
        cursor.execute(self.sql(
            "CREATE TABLE IF NOT EXISTS {credentials} (name TEXT PRIMARY KEY, password_hash TEXT, "
            "active INTEGER NOT NULL, epoch INTEGER NOT NULL, failures INTEGER NOT NULL, "
            "locked_until TEXT, changed_at TEXT NOT NULL)"))

    def has_credentials(self, cursor: Any) -> bool:
        rows = self.fetchall(cursor, "SELECT name FROM sqlite_master WHERE name = ?", (CREDENTIALS_TABLE,))
        return bool(rows)

    def create_meta(self, cursor: Any) -> None:
        cursor.execute(self.sql(
            "CREATE TABLE IF NOT EXISTS {meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"))

    def claim_format_2(self, cursor: Any, first: int) -> int:
        """The first position hashed in chain format 2, recording ``first`` if none is yet.

        Called under the write lock, so the first writer of an old store records
        where its history switches format, once.
        """
        if self._format_2_from is not None:
            return self._format_2_from
        self.create_meta(cursor)
        rows = self.fetchall(cursor, "SELECT value FROM {meta} WHERE key = ?", (FORMAT_2_KEY,))
        if rows:
            self._format_2_from = int(rows[0][0])
        else:
            cursor.execute(self.sql("INSERT INTO {meta} (key, value) VALUES (?, ?)"),
                           (FORMAT_2_KEY, str(first)))
            self._format_2_from = first
        return self._format_2_from

    def format_2_from(self) -> int | None:
        """Where chain format 2 starts (None: every link is format 1, or there is none)."""
        with self.read_cursor() as cursor:
            if not self.has_meta(cursor):
                return None
            rows = self.fetchall(cursor, "SELECT value FROM {meta} WHERE key = ?", (FORMAT_2_KEY,))
        return int(rows[0][0]) if rows else None

    def has_meta(self, cursor: Any) -> bool:
        rows = self.fetchall(cursor, "SELECT name FROM sqlite_master WHERE name = ?", (META_TABLE,))
        return bool(rows)

    def create_tables(self) -> None:
        with self.transaction() as cursor:
            self.create_meta(cursor)
            cursor.execute(self.sql("INSERT INTO {meta} (key, value) VALUES (?, '1')"), (FORMAT_2_KEY,))
            cursor.execute(self.sql(
                "CREATE TABLE IF NOT EXISTS {entries} ("
                f"notification_id {self.position_type} PRIMARY KEY, entry_id TEXT NOT NULL UNIQUE, "
                "target TEXT, hash TEXT NOT NULL, prev_hash TEXT NOT NULL)"
            ))
            cursor.execute(self.sql(
                "CREATE INDEX IF NOT EXISTS taizhang_entries_target ON {entries} (target)"
            ))
            self.create_credentials(cursor)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        raise NotImplementedError
        yield

    def insert_events(self, cursor: Any, stored: Sequence[StoredEvent]) -> list[int]:
        raise NotImplementedError

    def uuid_param(self, value: UUID) -> Any:
        return value.hex

    def fetchall(self, cursor: Any, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        cursor.execute(self.sql(sql), tuple(params))
        return list(cursor.fetchall())

    def select_stream(self, cursor: Any, originator_id: UUID) -> list[StoredEvent]:
        rows = self.fetchall(
            cursor,
            "SELECT originator_id, originator_version, topic, state FROM {events} "
            "WHERE originator_id = ? ORDER BY originator_version",
            (self.uuid_param(originator_id),),
        )
        return [StoredEvent(originator_id, r[1], r[2], bytes(r[3])) for r in rows]

    def select_event(self, cursor: Any, notification_id: int) -> StoredEvent:
        row = self.fetchall(
            cursor,
            "SELECT originator_id, originator_version, topic, state FROM {events} WHERE {nid} = ?",
            (notification_id,),
        )[0]
        return StoredEvent(_as_uuid(row[0]), row[1], row[2], bytes(row[3]))

    def select_streams(self, originator_ids: list[UUID]) -> list[Notification]:
        if not originator_ids:
            return []
        marks = ",".join("?" * len(originator_ids))
        with self.read_cursor() as cursor:
            rows = self.fetchall(
                cursor,
                "SELECT {nid}, originator_id, originator_version, topic, state FROM {events} "
                f"WHERE originator_id IN ({marks})",
                [self.uuid_param(i) for i in originator_ids],
            )
        return [Notification(id=r[0], originator_id=_as_uuid(r[1]), originator_version=r[2],
                             topic=r[3], state=bytes(r[4])) for r in rows]

    def last_positions(self, originator_ids: list[UUID]) -> dict[UUID, int]:
        if not originator_ids:
            return {}
        marks = ",".join("?" * len(originator_ids))
        with self.read_cursor() as cursor:
            rows = self.fetchall(
                cursor, f"SELECT originator_id, MAX({{nid}}) FROM {{events}} WHERE originator_id IN ({marks}) "
                "GROUP BY originator_id", [self.uuid_param(i) for i in originator_ids])
        return {_as_uuid(row[0]): int(row[1]) for row in rows}

    def positions(self, entry_ids: Sequence[str]) -> dict[str, int]:
        if not entry_ids:
            return {}
        marks = ",".join("?" * len(entry_ids))
        with self.read_cursor() as cursor:
            rows = self.fetchall(
                cursor, f"SELECT entry_id, notification_id FROM {{entries}} WHERE entry_id IN ({marks})",
                entry_ids)
        return {row[0]: int(row[1]) for row in rows}

    def select_at(self, notification_ids: Sequence[int]) -> list[Notification]:
        if not notification_ids:
            return []
        marks = ",".join("?" * len(notification_ids))
        with self.read_cursor() as cursor:
            rows = self.fetchall(
                cursor,
                "SELECT {nid}, originator_id, originator_version, topic, state FROM {events} "
                f"WHERE {{nid}} IN ({marks})",
                notification_ids,
            )
        return [Notification(id=r[0], originator_id=_as_uuid(r[1]), originator_version=r[2],
                             topic=r[3], state=bytes(r[4])) for r in rows]

    def last_version(self, cursor: Any, originator_id: UUID) -> int:
        rows = self.fetchall(
            cursor, "SELECT MAX(originator_version) FROM {events} WHERE originator_id = ?",
            (self.uuid_param(originator_id),),
        )
        return int(rows[0][0] or 0)

    def lookup(self, cursor: Any, entry_ids: Sequence[str]) -> list[KnownEntry]:
        if not entry_ids:
            return []
        marks = ",".join("?" * len(entry_ids))
        rows = self.fetchall(
            cursor,
            "SELECT x.entry_id, e.originator_id, e.topic, x.notification_id "
            "FROM {entries} x JOIN {events} e ON e.{nid} = x.notification_id "
            f"WHERE x.entry_id IN ({marks})",
            entry_ids,
        )
        return [KnownEntry(r[0], _as_uuid(r[1]), r[2], r[3]) for r in rows]

    def overriders(self, cursor: Any, target: str) -> list[str]:
        rows = self.fetchall(
            cursor, "SELECT entry_id FROM {entries} WHERE target = ? ORDER BY notification_id",
            (target,),
        )
        return [r[0] for r in rows]

    def chain_head(self, cursor: Any, before: int) -> str:
        rows = self.fetchall(
            cursor,
            "SELECT hash FROM {entries} WHERE notification_id < ? "
            "ORDER BY notification_id DESC LIMIT 1",
            (before,),
        )
        return rows[0][0] if rows else GENESIS

    def insert_links(self, cursor: Any, links: list[tuple[Any, ...]]) -> None:
        cursor.executemany(
            self.sql(
                "INSERT INTO {entries} (notification_id, entry_id, target, hash, prev_hash) "
                "VALUES (?, ?, ?, ?, ?)"
            ),
            links,
        )

    def chain_links(self, start: int, stop: int) -> list[ChainLink]:
        with self.read_cursor() as cursor:
            rows = self.fetchall(
                cursor,
                "SELECT notification_id, entry_id, target, hash, prev_hash FROM {entries} "
                "WHERE notification_id >= ? AND notification_id <= ? ORDER BY notification_id",
                (start, stop),
            )
        return [ChainLink(*row) for row in rows]

    def chain_tip(self) -> tuple[int, str]:
        with self.read_cursor() as cursor:
            rows = self.fetchall(
                cursor, "SELECT notification_id, hash FROM {entries} ORDER BY notification_id DESC LIMIT 1"
            )
        return (int(rows[0][0]), str(rows[0][1])) if rows else (0, GENESIS)

    def last_link(self) -> tuple[int, str]:
        """The position and hash of the chain's last link ((0, GENESIS) when empty)."""
        with self.read_cursor() as cursor:
            rows = self.fetchall(
                cursor, "SELECT notification_id, hash FROM {entries} ORDER BY notification_id DESC LIMIT 1")
        return (int(rows[0][0]), rows[0][1]) if rows else (0, GENESIS)

    def max_link(self) -> int:
        with self.read_cursor() as cursor:
            return int(self.fetchall(cursor, "SELECT MAX(notification_id) FROM {entries}")[0][0] or 0)

    @contextmanager
    def read_cursor(self) -> Iterator[Any]:
        raise NotImplementedError
        yield


def _as_uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


class SQLiteDialect(Dialect):
    @contextmanager
    def transaction(self) -> Iterator[Any]:
        pool = self.recorder.datastore.pool
        connection = pool.get_connection(is_writer=True)
        raw = connection._sqlite_conn
        try:
            cursor = raw.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
            except Exception as error:
                raise _translate(error) from None
            try:
                yield cursor
            except BaseException:
                raw.rollback()
                raise
            try:
                raw.commit()
            except Exception as error:
                raise _translate(error) from None
        finally:
            pool.put_connection(connection)

    @contextmanager
    def read_cursor(self) -> Iterator[Any]:
        pool = self.recorder.datastore.pool
        connection = pool.get_connection(is_writer=False)
        raw = connection._sqlite_conn
        try:
            yield raw.cursor()
        finally:
            pool.put_connection(connection)

    def insert_events(self, cursor: Any, stored: Sequence[StoredEvent]) -> list[int]:
        ids = []
        statement = self.recorder.insert_events_statement
        try:
            for event in stored:
                cursor.execute(statement, (
                    self.uuid_param(event.originator_id),  # type: ignore[arg-type]
                    event.originator_version, event.topic, event.state,
                ))
                ids.append(cursor.lastrowid)
        except Exception as error:
            raise _translate(error) from None
        return ids


def _translate(error: Exception) -> Exception:
    import sqlite3

    if isinstance(error, sqlite3.IntegrityError):
        return IntegrityError(str(error))
    if isinstance(error, sqlite3.OperationalError):
        return OperationalError(str(error))
    if isinstance(error, sqlite3.Error):
        return PersistenceError(str(error))
    return error


class PostgresDialect(Dialect):
    placeholder = "%s"
    id_column = "notification_id"
    position_type = "BIGINT"

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.schema = store.config.schema
        self.events_table = f'"{self.schema}"."{self.recorder.events_table_name}"'

    @property
    def entries_table(self) -> str:
        return f'"{self.schema}"."{ENTRIES_TABLE}"'

    @property
    def meta_table(self) -> str:
        return f'"{self.schema}"."{META_TABLE}"'

    @property
    def credentials_table(self) -> str:
        return f'"{self.schema}"."{CREDENTIALS_TABLE}"'

    def has_credentials(self, cursor: Any) -> bool:
        rows = self.fetchall(cursor, "SELECT to_regclass(?)", (self.credentials_table,))
        return rows[0][0] is not None

    def create_credentials(self, cursor: Any) -> None:
        # two processes creating it at once would collide in the catalog: serialise them
        # (not _DDL_LOCK: a new store's tables are made while another connection holds that one)
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK + 1,))
        if not self.has_credentials(cursor):
            super().create_credentials(cursor)

    def has_meta(self, cursor: Any) -> bool:
        rows = self.fetchall(cursor, "SELECT to_regclass(?)", (self.meta_table,))
        return rows[0][0] is not None

    def uuid_param(self, value: UUID) -> Any:
        return value

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        datastore = self.recorder.datastore
        with datastore.get_connection() as connection, connection.transaction():
            connection.row_factory = _tuple_rows()
            try:
                with connection.cursor() as cursor:
                    yield cursor
            finally:
                connection.row_factory = _dict_rows()

    @contextmanager
    def read_cursor(self) -> Iterator[Any]:
        with self.transaction() as cursor:
            yield cursor

    def insert_links(self, cursor: Any, links: list[tuple[Any, ...]]) -> None:
        # The whole batch in one COPY: PostgreSQL's fastest way in, encoded by psycopg's C code.
        with cursor.copy(self.sql(
            "COPY {entries} (notification_id, entry_id, target, hash, prev_hash) FROM STDIN"
        )) as copy:
            for link in links:
                copy.write_row(link)

    def insert_events(self, cursor: Any, stored: Sequence[StoredEvent]) -> list[int]:
        # The library's own statement: it takes the table lock that serialises
        # appends, so the chain head read next cannot move under us.
        self.recorder._lock_table(cursor)
        self.recorder._notify_channel(cursor)
        events = [
            self.recorder.construct_pg_stored_event(
                e.originator_id, e.originator_version, e.topic, e.state
            )
            for e in stored
        ]
        cursor.execute(self.recorder.insert_events_statement, (events,))
        return [row[0] for row in cursor.fetchall()]


def _tuple_rows() -> Any:
    from psycopg.rows import tuple_row

    return tuple_row


def _dict_rows() -> Any:
    from psycopg.rows import dict_row

    return dict_row


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
