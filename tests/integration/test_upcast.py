"""Event schemas are versioned: stored version-1 data still loads."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from eventsourcing.persistence import StoredEvent

from ledger.application import Ledger
from ledger.store import EntryRow
from ledger.streams import year_stream
from tests.conftest import import_example


def test_a_stored_version_1_dues_base_loads_with_the_employed_bracket(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    # DuesBaseDeclared version 1 had no bracket category and no class_version key.
    state = {
        "timestamp": {"_type_": "datetime_iso", "_data_": datetime(2025, 1, 5, tzinfo=UTC).isoformat()},
        "entry_id": "legacy-1", "branch": "B05", "date": "2025-02-01", "recorded_by": "old system",
        "note": None, "data": {"member": "P01", "from_month": "2025-02", "monthly_due": "30.00"},
    }
    stream = year_stream("B05", 2025)
    with ledger.store.writer() as writer:
        version = writer.last_version(stream) + 1
        writer.append(
            [StoredEvent(stream, version, "ledger.events:DuesBaseDeclared",
                         json.dumps(state).encode())],
            [EntryRow("legacy-1", None)],
        )
    exported = json.loads(list(ledger.export())[-1])
    assert exported["id"] == "legacy-1"
    assert exported["category"] == "employed"
    assert exported["monthly_due"] == "30.00"
    assert ledger.verify().ok
