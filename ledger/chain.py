"""The hash chain that makes edits, deletions and reorderings of stored events visible.

Each event's link hash covers its stored content (stream, version, topic and
state bytes exactly as stored) and the previous link's hash, in the spirit
of EventSourcingDB's ``hash``/``predecessorhash``. Re-walking the chain from
the first event finds the first link whose content or order changed.

Two formats exist. Format 1 (stores written before the entries' ids were
hashed) covers the event only. Format 2 also covers the entry id and the
target an override names, which live in the entries table beside the event:
renaming an id, or pointing a retraction elsewhere, breaks the link. A store
records in ``taizhang_meta`` the first position written in format 2; links
before it are checked with format 1, so old stores keep verifying.
"""

from __future__ import annotations

import hashlib
import json

from eventsourcing.persistence import StoredEvent

GENESIS = "0" * 64
FORMAT_2_KEY = "chain_format_2_from"


def link_hash(previous: str, event: StoredEvent, entry_id: str | None = None,
              target: str | None = None, *, version: int = 2) -> str:
    """The link of ``event`` after ``previous`` (format 2 also hashes ``entry_id`` and ``target``)."""
    digest = hashlib.sha256(previous.encode())
    originator = event.originator_id
    digest.update(b"|" + (originator.hex if hasattr(originator, "hex") else str(originator)).encode())
    digest.update(b"|%d|" % event.originator_version)
    digest.update(event.topic.encode())
    digest.update(b"|")
    digest.update(event.state)
    if version >= 2:
        # JSON keeps the two fields unambiguous (no separator can be forged inside an id).
        digest.update(b"|v2|" + json.dumps([entry_id, target], ensure_ascii=False).encode())
    return digest.hexdigest()
