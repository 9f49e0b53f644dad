"""Export, import into an empty store, export again: the same bytes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.application import Ledger
from ledger.sample import generate
from tests.conftest import FIXED_NOW

# any text a note may hold: no control characters but tab and line breaks (refused on input)
notes = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r"), max_size=30)


@st.composite
def ledgers(draw: st.DrawFn) -> list[str]:
    """A generated organisation history, with odd notes sprinkled on some lines."""
    entries: list[dict[str, Any]] = list(generate(
        branches=draw(st.integers(1, 3)), members_per_branch=draw(st.integers(4, 7)),
        year=2025, years=draw(st.integers(1, 2)), seed=draw(st.integers(0, 10_000)),
        until=FIXED_NOW.date(),
    ))
    for index, note in draw(st.lists(st.tuples(st.integers(0, len(entries) - 1), notes), max_size=5)):
        entries[index]["note"] = note
    return [json.dumps(e, ensure_ascii=draw(st.booleans())) for e in entries]


def roundtrip(new_store_url: Any, kind: str, lines: list[str]) -> None:
    with Ledger(new_store_url(kind), now=lambda: FIXED_NOW, user="a") as first:
        first.import_lines(lambda: lines)
        exported = list(first.export())
    with Ledger(new_store_url(kind), now=lambda: FIXED_NOW, user="b") as second:
        second.import_lines(lambda: exported, keep_recorded_at=True)
        again = list(second.export())
    assert "\n".join(again) == "\n".join(exported)
    assert len(exported) == len(lines)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=ledgers())
def test_export_import_export_is_byte_identical_on_sqlite(new_store_url: Any, lines: list[str]) -> None:
    roundtrip(new_store_url, "sqlite", lines)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=ledgers())
def test_export_import_export_is_byte_identical_on_postgres(new_store_url: Any, lines: list[str]) -> None:
    roundtrip(new_store_url, "postgres", lines)
