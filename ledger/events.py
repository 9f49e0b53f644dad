"""Domain events: one class per entry type, stored by the eventsourcing library.

Every event is a fact named in the past tense. All share the attributes of
:class:`LedgerEvent`; the type-specific fields sit in ``data`` in their
canonical JSON form (exactly what the import/export contract writes), so a
stored event is exported without loss and re-imported to the same bytes.

Schemas are versioned with ``class_version``; an ``upcast_vN_vN+1`` static
method turns stored state of an older version into the current one on read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import DomainEvent

from ledger.schema import ENTRY_TYPES


@dataclass(frozen=True)
class LedgerEvent(DomainEvent):
    """A ledger entry as stored.

    Attributes:
        entry_id: the entry's id (the interchange ``id``).
        branch: the branch code.
        date: the business date, ``YYYY-MM-DD``.
        recorded_by: who recorded it.
        note: free text, or ``None``.
        data: the type-specific fields, canonical JSON values.
        timestamp: when it was recorded (the interchange ``recorded_at``).
    """

    entry_id: str
    branch: str
    date: str
    recorded_by: str
    note: str | None
    data: dict[str, Any]

    @property
    def entry_type(self) -> str:
        return type(self).__name__


EVENT_CLASSES: dict[str, type[LedgerEvent]] = {}

for _name in ENTRY_TYPES:
    _cls = type(_name, (LedgerEvent,), {"__module__": __name__, "__qualname__": _name})
    EVENT_CLASSES[_name] = _cls
    globals()[_name] = _cls


def _dues_base_v1_to_v2(state: dict[str, Any]) -> None:
    # Version 1 (before the bracket tables were data) knew only employed members.
    state["data"].setdefault("category", "employed")


EVENT_CLASSES["DuesBaseDeclared"].class_version = 2  # type: ignore[attr-defined]
EVENT_CLASSES["DuesBaseDeclared"].upcast_v1_v2 = staticmethod(  # type: ignore[attr-defined]
    _dues_base_v1_to_v2
)
