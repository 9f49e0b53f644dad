"""The SQL that differs between SQLite and PostgreSQL, and the rows of Taizhang's own tables.

:class:`Dialect` reads and writes the library's events table and ``taizhang_entries``
(entry ids, override targets, the hash chain) inside one transaction per append;
:class:`SQLiteDialect` and :class:`PostgresDialect` hold what differs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
    Notification,
    OperationalError,
    PersistenceError,
    StoredEvent,
)

from ledger.chain import FORMAT_2_KEY, GENESIS
from ledger.store_url import ENTRIES_TABLE, META_TABLE

if TYPE_CHECKING:
    from ledger.store import Store


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
            meta=self.meta_table,
        )

    @property
    def entries_table(self) -> str:
        return ENTRIES_TABLE

    @property
    def meta_table(self) -> str:
        return META_TABLE

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
