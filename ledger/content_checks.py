"""Checks of an entry's content that need more than its schema: one per entry type.

A ``RulebookAdopted`` entry carries a whole rulebook; whether that rulebook can be
scored is decided by the rulebook model, which lives with the scoring engine in
``projections``; a ``FindingRecorded`` must name an item of the rulebook in force.
The ledger does not import the read side, so each check is named here by its dotted
path and imported only when such an entry is recorded (rarely, and never by a
command that records anything else). Failing closed: an entry type listed here
whose check cannot be imported is refused, never stored unchecked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any, Final

from ledger.errors import InvalidEntry
from ledger.schema import Entry

ContentCheck = Callable[[Entry, Any], None]  # (entry, the store it is recorded into)

#: entry type → "module:function" raising :class:`InvalidEntry` on content that cannot be used
CONTENT_CHECKS: Final[dict[str, str]] = {
    "RulebookAdopted": "projections.rulebook:check_adopted_rulebook",
    # a finding names an item of the rulebook in force for its year, within the item's cap
    "FindingRecorded": "projections.assessment:check_finding",
}


@cache
def _resolve(path: str) -> ContentCheck:
    module, _, function = path.partition(":")
    check: ContentCheck = getattr(importlib.import_module(module), function)
    return check


def check_content(entry: Entry, store: Any) -> None:
    """Runs the content check of the entry's type, if it has one."""
    path = CONTENT_CHECKS.get(entry.type)
    if path is None:
        return
    try:
        check = _resolve(path)
    except (ImportError, AttributeError) as error:
        raise InvalidEntry(f"its content cannot be checked ({error}); nothing was stored") from None
    check(entry, store)
