"""Anchors: chain heads noted outside the store, which the stored history must still pass through.

A chain head ``POSITION:HASH`` printed by ``verify`` or ``publish`` and kept
elsewhere (a letter, another machine, a signed 通报) pins the history up to
that position: an insider who edits an event and recomputes every later link
gets a chain that verifies on its own, but no longer passes through the hash
noted earlier; truncating the log removes the anchored position altogether.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import LedgerError

_ANCHOR = re.compile(r"([0-9]{1,18}):([0-9a-f]{16,64})", re.ASCII)


class InvalidAnchor(LedgerError):
    """An anchor that is not ``POSITION:HASH``."""


@dataclass(frozen=True)
class Anchor:
    """A chain head noted outside the store.

    Attributes:
        position: the notification id (position in the log) of the head.
        hash: its link hash, in full or a prefix of at least 16 hex digits.
    """

    position: int
    hash: str

    def matches(self, link_hash: str) -> bool:
        return link_hash.startswith(self.hash)

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"


def parse_anchor(value: str) -> Anchor:
    match = _ANCHOR.fullmatch(value.strip().lower())
    if match is None or int(match.group(1)) < 1:
        raise InvalidAnchor(
            f"anchor {value.strip()!r}: write POSITION:HASH as verify prints it, "
            "e.g. 102:3f5a… (at least 16 hex digits)")
    return Anchor(int(match.group(1)), match.group(2))


def read_anchors(path: Path) -> list[Anchor]:
    """One anchor a line; blank lines and lines starting with ``#`` are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidAnchor(f"{path}: cannot read anchors ({error.__class__.__name__})") from None
    anchors = []
    for number, line in enumerate(lines, 1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                anchors.append(parse_anchor(line))
            except InvalidAnchor as error:
                raise InvalidAnchor(f"{path}:{number}: {error}") from None
    return anchors


def sorted_anchors(anchors: Iterable[Anchor]) -> list[Anchor]:
    return sorted(set(anchors), key=lambda anchor: anchor.position)
