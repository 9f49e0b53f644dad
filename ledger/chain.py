"""The hash chain that makes edits, deletions and reorderings of stored events visible.

Each event's link hash covers its stored content (stream, version, topic and
state bytes exactly as stored) and the previous link's hash, in the spirit
of EventSourcingDB's ``hash``/``predecessorhash``. Re-walking the chain from
the first event finds the first link whose content or order changed.
"""

from __future__ import annotations

import hashlib

from eventsourcing.persistence import StoredEvent

GENESIS = "0" * 64


def link_hash(previous: str, event: StoredEvent) -> str:
    digest = hashlib.sha256(previous.encode())
    originator = event.originator_id
    digest.update(b"|" + (originator.hex if hasattr(originator, "hex") else str(originator)).encode())
    digest.update(b"|%d|" % event.originator_version)
    digest.update(event.topic.encode())
    digest.update(b"|")
    digest.update(event.state)
    return digest.hexdigest()
