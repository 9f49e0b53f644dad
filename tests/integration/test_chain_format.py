"""The chain covers each entry's id and target; stores written in the old format still verify."""

from __future__ import annotations

from ledger.application import Ledger
from tests.conftest import FIXED_NOW, example_lines
from tests.integration.chain_helpers import relink, run_sql

LINES = example_lines("model-branch-2025")


def open_ledger(url: str) -> Ledger:
    return Ledger(url, now=lambda: FIXED_NOW, user="tester")


def make_old_format_store(url: str, lines: list[str]) -> None:
    """A store as the old code wrote it: format-1 links and no record of a format switch."""
    with open_ledger(url) as ledger:
        ledger.import_lines(lambda: lines)
    relink(url, version=lambda position: 1)
    run_sql(url)("DROP TABLE taizhang_meta", ())


def test_renaming_an_entry_id_is_caught_by_verify(ledger: Ledger, store_url: str) -> None:
    ledger.import_lines(lambda: LINES)
    assert ledger.verify().ok
    run_sql(store_url)("UPDATE taizhang_entries SET entry_id = 'B05-9999' WHERE notification_id = 40", ())
    report = ledger.verify()
    assert not report.ok and report.position == 40
    assert "does not match its link" in (report.problem or "")


def test_repointing_a_target_is_caught_by_verify(ledger: Ledger, store_url: str) -> None:
    ledger.import_lines(lambda: LINES)
    run_sql(store_url)("UPDATE taizhang_entries SET target = 'B05-0002' WHERE notification_id = 41", ())
    report = ledger.verify()
    assert not report.ok and report.position == 41


def test_an_old_format_store_verifies_and_new_appends_use_the_new_format(store_url: str) -> None:
    make_old_format_store(store_url, LINES[:60])
    with open_ledger(store_url) as ledger:
        old = ledger.verify()
        assert old.ok and old.events == 60
        ledger.import_lines(lambda: LINES[60:])
        report = ledger.verify()
        assert report.ok and report.events == 102
        assert ledger.store.dialect.format_2_from() == 61
    # A renamed id in the new part is caught; the old part is covered by its old formula only.
    run_sql(store_url)("UPDATE taizhang_entries SET entry_id = 'B05-9999' WHERE notification_id = 80", ())
    with open_ledger(store_url) as ledger:
        report = ledger.verify()
        assert not report.ok and report.position == 80


def test_an_old_format_link_is_still_checked_against_its_event(store_url: str) -> None:
    make_old_format_store(store_url, LINES[:60])
    run_sql(store_url)("DELETE FROM taizhang_entries WHERE notification_id = 60", ())
    with open_ledger(store_url) as ledger:
        report = ledger.verify()
        assert not report.ok and report.position == 60
