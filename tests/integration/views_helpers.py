"""Helpers for the projection tests: run the views, dump them for comparison."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ledger.store import Store
from projections.runner import Runner, reading
from projections.tables import VIEW_TABLES
from projections.views import Views


def runner(store: Store, page_size: int = 10_000) -> Runner:
    return Runner(store, Views(store), page_size=page_size)


def dump(store: Store, *, keep_positions: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every view table's rows, sorted; without positions when two stores' logs differ."""
    found = {}
    with reading(store) as connection:
        for table in VIEW_TABLES:
            columns = [c for c in table.columns if keep_positions or c.name != "notification_id"]
            rows = connection.execute(select(*columns)).all()
            found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return found
