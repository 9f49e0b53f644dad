"""Names a user types (a branch, a rubric item), checked against what exists, with suggestions.

An unknown name is an error naming it, never an empty table: ``roster -b B99`` says
that B99 is not registered and which codes are close (``B09``, ``B19``). Branch codes
are matched without regard to case when that is unambiguous (``b07`` is ``B07``).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from ledger.errors import LedgerError
from ledger.i18n import text


class UnknownName(LedgerError):
    """A branch, member or item that does not exist; the message suggests close ones."""


def suggestion(lang: str, wanted: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(wanted.upper(), [k.upper() for k in known], n=3, cutoff=0.6)
        close = [k for k in known if k.upper() in close]
    if close:
        return text(lang, "; did you mean {names}?", names=", ".join(sorted(close)))
    if known and len(known) <= 12:
        return text(lang, "; known: {names}", names=", ".join(known))
    return ""


def known_branch(lang: str, wanted: str, codes: Sequence[str]) -> str:
    """The registered branch a user meant, or :class:`UnknownName` with suggestions."""
    if wanted in codes:
        return wanted
    folded = [code for code in codes if code.casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    raise UnknownName(text(lang, "branch {branch} is not registered", branch=wanted)
                      + suggestion(lang, wanted, codes))


def known_item(lang: str, wanted: str, items: Sequence[str], version: str) -> str:
    """A rubric item of the rulebook in force, or :class:`UnknownName` with suggestions."""
    if wanted in items:
        return wanted
    folded = [item for item in items if item.casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    raise UnknownName(text(lang, "the rulebook {version} has no item {item}", version=version, item=wanted)
                      + suggestion(lang, wanted, items))
