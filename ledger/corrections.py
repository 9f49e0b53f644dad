"""Retractions and corrections: which version of each entry is in effect.

An entry has at most one override in effect: a retraction (``EntryRetracted``)
or a replacement (``EntryCorrected``). An override is itself an entry and can
be retracted, which puts the original back in effect (and lets it be
retracted or corrected again). Views apply these rules through
:class:`Resolver`, so a retracted entry looks as if it had never been recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

OVERRIDE_TYPES = frozenset({"EntryRetracted", "EntryCorrected"})

Status = Literal["active", "retracted", "corrected"]


@dataclass(frozen=True)
class Fact:
    """An entry as the views see it: its place in the log, id, type, date and fields."""

    seq: int
    entry_id: str
    type: str
    date: date
    data: dict[str, Any]
    branch: str = ""


class Resolver:
    """Keeps entries and their overrides; yields the entries in effect."""

    def __init__(self) -> None:
        self.entries: dict[str, Fact] = {}
        self.overrides: dict[str, list[str]] = {}

    def add(self, fact: Fact) -> None:
        self.entries[fact.entry_id] = fact
        if fact.type in OVERRIDE_TYPES:
            self.overrides.setdefault(fact.data["target"], []).append(fact.entry_id)

    def overrider(self, entry_id: str) -> str | None:
        """The override in effect on an entry, if any."""
        for override in self.overrides.get(entry_id, ()):
            if self.overrider(override) is None:
                return override
        return None

    def status(self, entry_id: str) -> Status:
        override = self.overrider(entry_id)
        if override is None:
            return "active"
        return "retracted" if self.entries[override].type == "EntryRetracted" else "corrected"

    def effective(self, exclude: str | None = None) -> Iterator[Fact]:
        """The facts in effect (corrections applied), in log order."""
        for fact in self.entries.values():
            if fact.type in OVERRIDE_TYPES or fact.entry_id == exclude:
                continue
            state = self.status(fact.entry_id)
            if state == "active":
                yield fact
            elif state == "corrected":
                correction = self.overrider(fact.entry_id)
                assert correction is not None
                yield corrected(fact, self.entries[correction])


def corrected(original: Fact, correction: Fact) -> Fact:
    """The original entry as its correction restates it."""
    replacement = dict(correction.data["replacement"])
    day = date.fromisoformat(replacement.pop("date"))
    for common in ("type", "branch", "note"):
        replacement.pop(common, None)
    return replace(original, date=day, data=replacement)
