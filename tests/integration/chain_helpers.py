"""Rewriting a store's chain the way an insider with the chain code would."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import psycopg

from ledger.chain import GENESIS, link_hash
from ledger.store import open_store
from tests.conftest import PG_BASE


def run_sql(url: str) -> Callable[[str, tuple[object, ...]], None]:
    """Raw SQL against the store, as someone with database access would run it."""
    if url.startswith("sqlite"):
        path = urlparse(url).path[1:]

        def sqlite_run(statement: str, params: tuple[object, ...] = ()) -> None:
            with sqlite3.connect(path) as connection:
                connection.execute(statement, params)
        return sqlite_run
    schema = parse_qs(urlparse(url).query)["schema"][0]

    def pg_run(statement: str, params: tuple[object, ...] = ()) -> None:
        with psycopg.connect(PG_BASE, autocommit=True) as connection:
            connection.execute(f'SET search_path TO "{schema}"')
            connection.execute(statement.replace("?", "%s"), params)
    return pg_run


def events_table(url: str) -> tuple[str, str]:
    return ("stored_events", "rowid") if url.startswith("sqlite") else ("taizhang_events", "notification_id")


def relink(url: str, version: Callable[[int], int] = lambda position: 2) -> int:
    """Recomputes every link from the stored events with the chain code itself; returns the count."""
    store = open_store(url)
    try:
        links = {link.notification_id: link for link in store.chain_links(1, 10**12)}
        previous = GENESIS
        updates = []
        for event in store.notifications():
            link = links[event.id]
            digest = link_hash(previous, event, link.entry_id, link.target, version=version(event.id))
            updates.append((digest, previous, event.id))
            previous = digest
    finally:
        store.close()
    run = run_sql(url)
    for update in updates:
        run("UPDATE taizhang_entries SET hash = ?, prev_hash = ? WHERE notification_id = ?", update)
    return len(updates)
