"""Who records: the acting user of a unit of work, read inside its transaction, and the check of each entry.

Every unit of work (``ledger.unit_of_work``) is opened with the name of the user who records
(``Ledger(user=…)``, ``record(by=…)``). If the store knows that name — a role entry named
them, or they have a credentials row — each entry is checked against the permission matrix
(``ledger.access``) before anything else; a name the store does not know is the
administrator with direct access to the store, and nothing is checked. Because the check
lives in the unit of work, every path that writes entries goes through it.

The roles in effect are folded from the users stream once and kept on the store with the
stream's version, so a check costs two indexed queries, not a read of every grant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ledger.access import Action, UserDisabled, allowed, check_entry
from ledger.errors import InvalidEntry
from ledger.grants import Grant, Grants
from ledger.schema import Entry


@dataclass(frozen=True)
class Actor:
    """The user recording, as the matrix sees them."""

    name: str
    roles: tuple[Grant, ...]
    active: bool


def folded_grants(store: Any, version: int, events: Callable[[], Iterable[Any]]) -> Grants:
    """The roles in effect at the users stream's ``version``, folded once per version and kept on the store.

    The kept fold is never changed (a unit of work that records role entries works on a copy).
    """
    kept: tuple[int, Grants] | None = getattr(store, "_taizhang_grants", None)
    if kept is not None and kept[0] == version:
        return kept[1]
    grants = Grants.fold(events())
    store._taizhang_grants = (version, grants)
    return grants


def actor_of(name: str, grants: Grants, credentials: Any | None) -> Actor | None:
    """The known user of that name (``credentials``: their row, or None), else None: the administrator."""
    if credentials is None and not grants.named(name):
        return None
    return Actor(name, grants.of(name), bool(credentials.active) if credentials is not None else True)


def check_recording(actor: Actor, entry: Entry, target_type: str | None, organisation_level: bool) -> None:
    """Raises unless ``actor`` may record ``entry`` (and records it as themselves)."""
    if not actor.active:
        raise UserDisabled(actor.name)
    check_entry(actor, entry.type, entry.branch, organisation_level=organisation_level, target_type=target_type)
    if entry.recorded_by not in (None, actor.name) and not allowed(actor, Action.MANAGE_USERS, None):
        # only an administrator migrating another system's records keeps the names they carry
        raise InvalidEntry(f"a user records as themselves ({actor.name}); leave it out", "recorded_by")
