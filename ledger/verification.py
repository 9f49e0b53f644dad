"""``verify``: re-walk the hash chain and name the first broken link."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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
    """

    events: int
    head: str
    problem: str | None = None
    position: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _all_links(store: Store) -> Iterator[ChainLink]:
    head = max(store.head(), store.dialect.max_link())
    start = 1
    while start <= head:
        yield from store.chain_links(start, start + PAGE - 1)
        start += PAGE


def verify_chain(store: Store) -> VerifyReport:
    running = GENESIS
    checked = 0
    format_2_from = store.dialect.format_2_from()
    events = iter(store.notifications())
    links = _all_links(store)
    event = next(events, None)
    link = next(links, None)
    while event is not None or link is not None:
        if link is None or (event is not None and event.id < link.notification_id):
            assert event is not None
            return VerifyReport(checked, running, (
                f"event {event.id} has no link in the chain: it was written outside "
                "Taizhang, or its link was deleted"), event.id)
        if event is None or link.notification_id < event.id:
            return VerifyReport(checked, running, (
                f"event {link.notification_id} (entry {link.entry_id}) is missing: "
                "it was deleted from the store"), link.notification_id)
        if link.prev_hash != running:
            return VerifyReport(checked, running, (
                f"the chain breaks before event {event.id} (entry {link.entry_id}): "
                "an event before it was deleted, inserted or reordered"), event.id)
        version = 2 if format_2_from is not None and event.id >= format_2_from else 1
        if link_hash(running, event, link.entry_id, link.target, version=version) != link.hash:
            return VerifyReport(checked, running, (
                f"event {event.id} (entry {link.entry_id}) does not match its link: "
                "its stored content or entry id was edited, or it was moved from elsewhere in the log"),
                event.id)
        running = link.hash
        checked += 1
        event = next(events, None)
        link = next(links, None)
    return VerifyReport(checked, running)
