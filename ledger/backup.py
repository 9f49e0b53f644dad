"""Backups that restore: SQLite's online backup API, a consistent copy while writers run.

``backup`` copies the store's database in one step of ``sqlite3.Connection.backup``:
it reads one snapshot (WAL mode lets writers go on meanwhile), so the copy holds a
prefix of the log with its chain, never half a transaction. ``restore`` copies a
backup into an empty store the same way, then the caller verifies the chain.
PostgreSQL is backed up with ``pg_dump`` (docs/scaling.md): its snapshot has the
same all-or-nothing property.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ledger.errors import LedgerError, StoreError
from ledger.store import ENTRIES_TABLE, parse_url


class BackupRefused(LedgerError):
    """A backup or restore that would overwrite something, or needs another tool."""


PG_GUIDANCE = (
    "the store is PostgreSQL: back it up with pg_dump --format=custom --schema=SCHEMA "
    "and restore with pg_restore into an empty database (see docs/scaling.md, \"Backups\")"
)


def _sqlite_path(url: str | None) -> Path:
    config = parse_url(url)
    if config.kind != "sqlite":
        raise BackupRefused(PG_GUIDANCE)
    return Path(config.env["SQLITE_DBNAME"])


def _connect_new(path: Path) -> sqlite3.Connection:
    """A new database file readable by its owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    return sqlite3.connect(path)


def backup(url: str | None, destination: Path) -> None:
    """Copies the store into ``destination`` (a new file), consistently, while writers run."""
    source_path = _sqlite_path(url)
    if not source_path.is_file():
        raise StoreError(f"no store at {source_path}")
    if destination.exists() or destination.is_symlink():
        raise BackupRefused(f"{destination}: already exists; name a new file")
    if destination.resolve() == source_path.resolve():
        raise BackupRefused(f"{destination}: is the store itself")
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=60) as source:
            target = _connect_new(partial)
            try:
                source.backup(target)  # pages=-1: one step, one snapshot
                target.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            finally:
                target.close()
        partial.replace(destination)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"backup of {source_path} failed: {error}") from None
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupRefused(f"{destination}: {error.strerror}") from None


def _event_count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "stored_events" not in tables:
            return 0
        return int(connection.execute("SELECT count(*) FROM stored_events").fetchone()[0])


def restore(source: Path, url: str | None) -> None:
    """Copies a backup into the store ``url`` names, which must be empty (no events)."""
    target_path = _sqlite_path(url)
    if not source.is_file():
        raise BackupRefused(f"{source}: no such backup file")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error as error:
        raise BackupRefused(f"{source}: not a Taizhang backup ({error})") from None
    if not {"stored_events", ENTRIES_TABLE} <= tables:
        raise BackupRefused(f"{source}: not a Taizhang backup (no events or chain tables)")
    if target_path.exists() and _event_count(target_path) > 0:
        raise BackupRefused(f"{target_path}: the store is not empty; restore into a new store")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_file:
            target = sqlite3.connect(target_path) if target_path.exists() else _connect_new(target_path)
            try:
                backup_file.backup(target)
                target.execute("PRAGMA journal_mode=WAL")
            finally:
                target.close()
    except sqlite3.Error as error:
        raise StoreError(f"restore into {target_path} failed: {error}") from None
