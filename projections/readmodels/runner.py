"""Keeping read models current: pages of the notification log, exactly once.

A runner reads the store's notification log in pages with the recorder's
``select_notifications`` and applies each page to its projection's tables in
one SQL transaction together with the new tracking position, so a crash can
neither lose nor double an event: a page is either committed with its
position or not at all. Two runners never apply the same page: inside the
transaction the tracking row is locked and re-read, and a page that someone
else already applied is dropped.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table, select, text, update
from sqlalchemy.schema import CreateIndex, CreateTable

from ledger.events import LedgerEvent
from ledger.store import Store
from projections.readmodels.bulk import paused_gc
from projections.readmodels.engine import make_engine
from projections.readmodels.tables import tracking

PAGE_SIZE = 10_000
UNFINISHED = "rebuilding"
FAULT_ENV = "TAIZHANG_FAULT_KILL_BEFORE_COMMIT_AT"
_DDL_LOCK = 0x7A6F_6E68  # any fixed key shared by every Taizhang runner ("zonh")


class Projection(Protocol):
    """What a runner needs of a projection."""

    name: str
    version: int
    tables: Sequence[Table]

    def apply_page(self, connection: Connection, page: Sequence[tuple[int, LedgerEvent]]) -> None: ...


@dataclass(frozen=True)
class Status:
    name: str
    position: int
    head: int
    current_code: bool

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


def fingerprint(projection: Projection, engine: Engine) -> str:
    """Changes whenever the projection's code version or table definitions change."""
    digest = hashlib.sha256(f"{projection.name}:{projection.version}".encode())
    for table in projection.tables:
        digest.update(str(CreateTable(table).compile(engine)).encode())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            digest.update(str(CreateIndex(index).compile(engine)).encode())
    return digest.hexdigest()[:16]


class Runner:
    """Runs one projection against one store."""

    def __init__(self, store: Store, projection: Projection, *, page_size: int = PAGE_SIZE) -> None:
        self.store = store
        self.projection = projection
        self.page_size = page_size
        self.engine = make_engine(store.config, writer=True)
        self.fingerprint = fingerprint(projection, self.engine)
        self.rebuilt_because: str | None = None

    def close(self) -> None:
        self.engine.dispose()

    # --- state --------------------------------------------------------------------

    def _tracking_row(self, connection: Connection, *, lock: bool = False) -> Any:
        query = select(tracking.c.position, tracking.c.fingerprint).where(
            tracking.c.name == self.projection.name
        )
        if lock and self.engine.dialect.name == "postgresql":
            query = query.with_for_update()
        return connection.execute(query).first()

    def _serialise_ddl(self, connection: Connection) -> None:
        """Makes runners that create or drop tables at the same moment take turns.

        On PostgreSQL two runners starting together would both find no table
        and both create it; an advisory lock held to the end of the
        transaction makes the second wait and then find the first's tables.
        SQLite writers already take turns (``BEGIN IMMEDIATE``).
        """
        if self.engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _DDL_LOCK})

    def prepare(self) -> None:
        """Creates the tables on first use; rebuilds when the code changed."""
        with self.engine.begin() as connection:
            self._serialise_ddl(connection)
            tracking.create(connection, checkfirst=True)
            row = self._tracking_row(connection, lock=True)
            if row is not None and row.fingerprint == self.fingerprint:
                return
            self.rebuilt_because = (
                "first use" if row is None else "its code or table definitions changed"
            )
            self._reset(connection)

    def _reset(self, connection: Connection, *, defer_indexes: bool = False) -> None:
        """Drops and recreates the tables, at position 0.

        With ``defer_indexes`` the indexes marked deferrable are left out and
        the fingerprint is left unfinished, so a rebuild that does not reach
        :meth:`_finish_rebuild` is noticed and started again.
        """
        for table in reversed(self.projection.tables):
            table.drop(connection, checkfirst=True)
        for table in self.projection.tables:
            connection.execute(CreateTable(table))
            for index in table.indexes:
                if not (defer_indexes and index.info.get("deferrable")):
                    index.create(connection)
        connection.execute(tracking.delete().where(tracking.c.name == self.projection.name))
        connection.execute(tracking.insert().values(
            name=self.projection.name, position=0,
            fingerprint=UNFINISHED if defer_indexes else self.fingerprint))

    def _finish_rebuild(self) -> None:
        with self.engine.begin() as connection:
            self._serialise_ddl(connection)
            for table in self.projection.tables:
                for index in table.indexes:
                    if index.info.get("deferrable"):
                        index.create(connection, checkfirst=True)
            connection.execute(update(tracking).where(tracking.c.name == self.projection.name)
                               .values(fingerprint=self.fingerprint))

    def position(self) -> int:
        """How far the projection has read (0 before its first run)."""
        with self.engine.connect() as connection:
            if not self.engine.dialect.has_table(connection, tracking.name):
                return 0
            row = self._tracking_row(connection)
        return int(row.position) if row is not None else 0

    def status(self) -> Status:
        with self.engine.connect() as connection:
            row = (self._tracking_row(connection)
                   if self.engine.dialect.has_table(connection, tracking.name) else None)
        position = int(row.position) if row is not None else 0
        current = row is not None and row.fingerprint == self.fingerprint
        return Status(self.projection.name, position, self.store.head(), current)

    # --- processing ------------------------------------------------------------

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Drops the projection's tables and replays the whole log.

        Secondary indexes that the replay itself does not need are built
        once at the end, which is faster than keeping them up to date.
        """
        with self.engine.begin() as connection:
            self._serialise_ddl(connection)
            tracking.create(connection, checkfirst=True)
            self._reset(connection, defer_indexes=True)
        done = self._replay(progress, expected_fingerprint=UNFINISHED)
        self._finish_rebuild()
        return done

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Applies every event after the tracking position; returns how many."""
        self.prepare()
        return self._replay(progress, expected_fingerprint=self.fingerprint)

    def _replay(self, progress: Callable[[int, int], None] | None, expected_fingerprint: str) -> int:
        decode = self.store.mapper.to_domain_event
        done = 0
        position = self.position()
        head = self.store.head()
        while position < head:
            notifications = self.store.recorder.select_notifications(position + 1, self.page_size)
            if not notifications:
                break
            with paused_gc():
                page = [(n.id, decode(n)) for n in notifications]
                applied = self._apply(position, page, expected_fingerprint)
            if applied:
                done += len(page)
                position = page[-1][0]
            else:
                position = self.position()
            if progress is not None:
                progress(position, head)
        return done

    def _apply(self, expected: int, page: list[tuple[int, Any]], fingerprint: str) -> bool:
        with self.engine.begin() as connection:
            row = self._tracking_row(connection, lock=True)
            if row is None or row.position != expected or row.fingerprint != fingerprint:
                return False  # someone else moved it: drop this page and re-read
            self.projection.apply_page(connection, page)
            connection.execute(update(tracking).where(tracking.c.name == self.projection.name)
                               .values(position=page[-1][0]))
            _fault_point(page)
        return True

    def follow(self, stop: threading.Event, interval: float = 1.0,
               on_page: Callable[[int, int], None] | None = None) -> None:
        """Keeps catching up until ``stop`` is set.

        On PostgreSQL the library's LISTEN/NOTIFY subscription wakes the runner
        as soon as events are appended; a poke every ``interval`` seconds makes
        it look again anyway, so a lost notification never stalls it. SQLite
        has no subscriptions: the runner polls every ``interval`` seconds.
        """
        self.catch_up(on_page)
        if self.store.config.kind != "postgres":
            while not stop.wait(interval):
                self.catch_up(on_page)
            return
        with self.store.recorder.subscribe(gt=self.position()) as subscription:
            poker = threading.Thread(target=_poke, args=(subscription, stop, interval), daemon=True)
            poker.start()
            for notification in subscription:
                if stop.is_set():
                    break
                if notification.id > self.position():
                    self.catch_up(on_page)


def _poke(subscription: Any, stop: threading.Event, interval: float) -> None:
    while not stop.wait(interval):
        subscription._has_been_notified.set()  # re-pull even without a NOTIFY
    subscription.stop()


def _fault_point(page: list[tuple[int, Any]]) -> None:
    """Test hook: die by SIGKILL with a page written but not committed."""
    target = os.environ.get(FAULT_ENV)
    if target and page[0][0] <= int(target) <= page[-1][0]:
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def reading(store: Store) -> Iterator[Connection]:
    """A read-only connection to the read models."""
    engine = make_engine(store.config, writer=False)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()

