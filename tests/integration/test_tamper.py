"""``verify`` catches an edited payload, a deleted event and a reordering, on both stores."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest

from ledger.application import Ledger
from tests.conftest import PG_BASE, import_example


def run_sql(url: str) -> Callable[[str], None]:
    """Raw SQL against the store, as someone with database access would tamper."""
    if url.startswith("sqlite"):
        path = urlparse(url).path[1:]

        def sqlite_run(statement: str) -> None:
            with sqlite3.connect(path) as connection:
                connection.execute(statement)
        return sqlite_run
    schema = parse_qs(urlparse(url).query)["schema"][0]

    def pg_run(statement: str) -> None:
        with psycopg.connect(PG_BASE, autocommit=True) as connection:
            connection.execute(f'SET search_path TO "{schema}"')
            connection.execute(statement)
    return pg_run


def events_table(url: str) -> tuple[str, str]:
    return ("stored_events", "rowid") if url.startswith("sqlite") else ("taizhang_events", "notification_id")


@pytest.fixture
def stored(ledger: Ledger) -> Ledger:
    import_example(ledger, "model-branch-2025")
    assert ledger.verify().ok
    return ledger


def test_a_clean_store_verifies_with_its_count_and_head(stored: Ledger) -> None:
    report = stored.verify()
    assert report.ok and report.events == 102 and len(report.head) == 64


def test_an_edited_payload_is_caught_at_its_event(stored: Ledger, store_url: str) -> None:
    table, nid = events_table(store_url)
    run_sql(store_url)(
        f"UPDATE {table} SET state = CAST(REPLACE(CAST(state AS TEXT), 'P09', 'P99') AS BLOB) "
        f"WHERE {nid} = 40" if store_url.startswith("sqlite") else
        f"UPDATE {table} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
        f"'P09', 'P99'), 'UTF8') WHERE {nid} = 40"
    )
    report = stored.verify()
    assert not report.ok and report.position == 40
    assert "does not match its link" in (report.problem or "")


def test_a_deleted_event_is_caught(stored: Ledger, store_url: str) -> None:
    table, nid = events_table(store_url)
    run_sql(store_url)(f"DELETE FROM {table} WHERE {nid} = 57")
    report = stored.verify()
    assert not report.ok and report.position == 57
    assert "was deleted" in (report.problem or "")


def test_a_deleted_event_and_its_link_are_caught_at_the_next_link(stored: Ledger, store_url: str) -> None:
    table, nid = events_table(store_url)
    run = run_sql(store_url)
    run(f"DELETE FROM {table} WHERE {nid} = 57")
    run("DELETE FROM taizhang_entries WHERE notification_id = 57")
    report = stored.verify()
    assert not report.ok and report.position == 58
    assert "chain breaks before event 58" in (report.problem or "")


def test_reordered_events_are_caught(stored: Ledger, store_url: str) -> None:
    table, nid = events_table(store_url)
    run = run_sql(store_url)
    run(f"UPDATE {table} SET {nid} = 100000 WHERE {nid} = 30")
    run(f"UPDATE {table} SET {nid} = 30 WHERE {nid} = 31")
    run(f"UPDATE {table} SET {nid} = 31 WHERE {nid} = 100000")
    report = stored.verify()
    assert not report.ok and report.position == 30


def test_an_event_written_around_taizhang_is_caught(stored: Ledger, store_url: str) -> None:
    table, nid = events_table(store_url)
    run = run_sql(store_url)
    run("DELETE FROM taizhang_entries WHERE notification_id = 102")
    report = stored.verify()
    assert not report.ok and report.position == 102
    assert "no link in the chain" in (report.problem or "")
