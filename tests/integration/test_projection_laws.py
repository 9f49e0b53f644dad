"""Laws of the views, over generated ledgers (hypothesis).

- a rebuilt projection equals the incrementally kept one;
- processing the log in pages of any size gives the same views;
- a retraction leaves every view as if the retracted entry had never been recorded.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.application import Ledger
from ledger.sample import generate
from projections.tables import entries
from tests.conftest import FIXED_NOW
from tests.integration.views_helpers import dump, runner

SETTINGS = settings(max_examples=6, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Entries no other entry depends on: leaving one out keeps the rest valid.
INDEPENDENT = {"MeetingHeld", "ActivityLogged", "DuesPaid", "DuesRemitted", "DuesBaseDeclared",
               "StudyReflectionSubmitted", "IdeologicalAnalysisReported", "FindingRecorded",
               "WorkPlanSubmitted", "ViolationReported"}


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    return list(generate(branches=draw(st.integers(1, 2)), members_per_branch=draw(st.integers(4, 6)),
                         year=2025, years=draw(st.integers(1, 2)), seed=draw(st.integers(0, 10_000)),
                         until=FIXED_NOW.date()))


def lines(entries: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(e, ensure_ascii=False) for e in entries]


def open_ledger(url: str) -> Ledger:
    return Ledger(url, now=lambda: FIXED_NOW, user="law")


@SETTINGS
@given(history=histories(), chunks=st.integers(2, 5), page=st.sampled_from([1, 7, 50, 10_000]))
def test_incremental_equals_rebuilt_whatever_the_page_size(
    new_store_url: Any, history: list[dict[str, Any]], chunks: int, page: int
) -> None:
    with open_ledger(new_store_url("sqlite")) as ledger:
        size = len(history) // chunks + 1
        kept = runner(ledger.store, page_size=page)
        for start in range(0, len(history), size):
            part = lines(history[start:start + size])
            ledger.import_lines(lambda part=part: part)
            kept.catch_up()
        incremental = dump(ledger.store)
        runner(ledger.store, page_size=10_000).rebuild()
        assert dump(ledger.store) == incremental


@SETTINGS
@given(history=histories(), data=st.data())
def test_a_retraction_leaves_the_views_as_if_never_recorded(
    new_store_url: Any, history: list[dict[str, Any]], data: st.DataObject
) -> None:
    candidates = [e for e in history if e["type"] in INDEPENDENT]
    victim = data.draw(st.sampled_from(candidates))
    retraction = {"type": "EntryRetracted", "id": "retraction", "branch": victim["branch"],
                  "date": max(victim["date"], "2025-12-31"), "target": victim["id"], "reason": "law"}
    with open_ledger(new_store_url("sqlite")) as retracted, \
            open_ledger(new_store_url("sqlite")) as never:
        retracted.import_lines(lambda: lines([*history, retraction]))
        never.import_lines(lambda: lines([e for e in history if e is not victim]))
        runner(retracted.store, page_size=data.draw(st.sampled_from([3, 10_000]))).catch_up()
        runner(never.store).catch_up()
        with_retraction = dump(retracted.store, keep_positions=False)
        without = dump(never.store, keep_positions=False)
    # the work ledger still lists both, marked: everything else is as if never recorded
    ledger_rows = with_retraction.pop("pj_entries")
    status = [c.name for c in entries.columns if c.name != "notification_id"].index("status")
    assert {row[0]: row[status] for row in ledger_rows if row[0] in (victim["id"], "retraction")} == {
        victim["id"]: "retracted", "retraction": "active"}
    assert [row for row in ledger_rows if row[0] not in (victim["id"], "retraction")] == \
        without.pop("pj_entries")
    # the fields of every entry stay too (the work ledger shows them); nothing else differs
    extra = Counter(with_retraction.pop("pj_facts")) - Counter(without.pop("pj_facts"))
    assert [(branch, kind) for branch, kind, _ in extra.elements()] == (
        [] if victim["type"] == "DuesPaid" else [(victim["branch"], victim["type"])])
    assert with_retraction == without


def test_the_laws_hold_on_postgres_too(new_store_url: Any) -> None:
    history = list(generate(2, 5, 2025, years=2, seed=11, until=date(2026, 6, 1)))
    with open_ledger(new_store_url("postgres")) as ledger:
        kept = runner(ledger.store, page_size=13)
        half = len(history) // 2
        for part in (history[:half], history[half:]):
            ledger.import_lines(lambda part=part: lines(part))
            kept.catch_up()
        incremental = dump(ledger.store)
        runner(ledger.store).rebuild()
        assert dump(ledger.store) == incremental
