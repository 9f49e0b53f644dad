"""``verify``: re-walk the hash chain and name the first broken link."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ledger.anchors import Anchor, sorted_anchors
from ledger.chain import GENESIS, link_hash
from ledger.store import ChainLink, Store

PAGE = 5000


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of walking the chain.

    Attributes:
        events: how many stored events were checked.
        head: the last link's hash (note it elsewhere to detect a rewritten chain).
        problem: the first broken link, or ``None`` when the chain is whole.
        position: the notification id where it broke.
        head_position: the notification id of the last link checked (0 when empty).
        anchors_checked: how many anchors the history was found to pass through.
    """

    events: int
    head: str
    problem: str | None = None
    position: int | None = None
    head_position: int = 0
    anchors_checked: int = 0

    @property
    def anchor(self) -> str:
        """The head as ``POSITION:HASH``, to keep outside the store and give to ``verify --anchor``."""
        return f"{self.head_position}:{self.head}"
    @property
    def ok(self) -> bool:
        return self.problem is None


def _all_links(store: Store) -> Iterator[ChainLink]:
    head = max(store.head(), store.dialect.max_link())
    start = 1
    while start <= head:
        yield from store.chain_links(start, start + PAGE - 1)
        start += PAGE


def verify_chain(store: Store, anchors: Sequence[Anchor] = ()) -> VerifyReport:
    """Walks the chain from the first event; with ``anchors``, also checks it passes through each."""
    running = GENESIS
    checked = 0
    at = 0
    pending = sorted_anchors(anchors)
    passed = 0
    format_2_from = store.dialect.format_2_from()
    events = iter(store.notifications())
    links = _all_links(store)
    event = next(events, None)
    link = next(links, None)

    def broken(problem: str, position: int) -> VerifyReport:
        return VerifyReport(checked, running, problem, position, at, passed)

    while event is not None or link is not None:
        if link is None or (event is not None and event.id < link.notification_id):
            assert event is not None
            return broken(
                f"event {event.id} has no link in the chain: it was written outside "
                "Taizhang, or its link was deleted", event.id)
        if event is None or link.notification_id < event.id:
            return broken(
                f"event {link.notification_id} (entry {link.entry_id}) is missing: "
                "it was deleted from the store", link.notification_id)
        if link.prev_hash != running:
            return broken(
                f"the chain breaks before event {event.id} (entry {link.entry_id}): "
                "an event before it was deleted, inserted or reordered", event.id)
        version = 2 if format_2_from is not None and event.id >= format_2_from else 1
        if link_hash(running, event, link.entry_id, link.target, version=version) != link.hash:
            return broken(
                f"event {event.id} (entry {link.entry_id}) does not match its link: "
                "its stored content or entry id was edited, or it was moved from elsewhere in the log",
                event.id)
        if pending and pending[0].position < event.id:
            return broken(
                f"anchor {pending[0]}: there is no event at position {pending[0].position} any more "
                "(the history was rewritten around it)", pending[0].position)
        if pending and pending[0].position == event.id:
            if not pending[0].matches(link.hash):
                return broken(
                    f"anchor {pending[0]}: the history differs at position {event.id} "
                    f"(its link is now {link.hash[:16]}…): an event at or before it was "
                    "edited and the chain recomputed", event.id)
            pending.pop(0)
            passed += 1
        running = link.hash
        at = event.id
        checked += 1
        event = next(events, None)
        link = next(links, None)
    if pending:
        return broken(
            f"anchor {pending[0]}: the store ends at position {at}; the events after it up to "
            f"position {pending[0].position} are missing (the log was truncated)", at + 1)
    return VerifyReport(checked, running, head_position=at, anchors_checked=passed)
