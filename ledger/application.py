"""The ledger's use cases: record, import, export, verify.

Each public method is one use case. The store is chosen by URL; the clock
and the user are injectable so tests can fix them.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from eventsourcing.persistence import IntegrityError, OperationalError

from ledger.access import PermissionDenied
from ledger.anchors import Anchor
from ledger.errors import ConcurrencyError, ImportRejected, InvalidEntry, LineError, StoreError
from ledger.events import LedgerEvent
from ledger.parsing import content_digest, parse_entry, parse_line
from ledger.schema import Entry
from ledger.store import Store, open_store
from ledger.unit_of_work import Recorded, UnitOfWork
from ledger.users import UserCases
from ledger.verification import VerifyReport, verify_chain

T = TypeVar("T")
IMPORT_BATCH = 2000
MAX_REPORTED_ERRORS = 10_000
RETRIES = 12
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://taizhang.example/entries")


def default_user() -> str:
    try:
        return os.environ.get("TAIZHANG_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ImportSummary:
    """What an import did."""

    lines: int = 0
    comments: int = 0  # lines starting with "#", skipped as the interchange allows
    stored: int = 0
    skipped: int = 0
    by_type: Counter[str] = field(default_factory=Counter)


class Ledger(UserCases):
    """The application: one instance per store URL; keep it while you use it.

    ``user`` (default ``TAIZHANG_USER`` or the login name) is who records; a user known to
    the store (``ledger/users.py``) may record only what the permission matrix
    (``ledger/access.py``) allows them; an unknown name acts as the administrator with
    direct access to the store. ``by`` on ``record`` and ``import_lines`` names another
    user for one call (the web: the logged-in user).
    """

    def __init__(
        self, url: str | None = None, *, now: Callable[[], datetime] = utc_now,
        user: str | None = None, create: bool = True,
    ) -> None:
        self.store: Store = open_store(url, create=create)
        self.now = now
        self.user_name = user or default_user()

    def __setattr__(self, name: str, value: Any) -> None:
        # ``user`` was the acting user's name before users existed (now ``user(name)`` finds a user):
        # code that still assigns it sets who acts, and is held to that user's roles
        super().__setattr__("user_name" if name == "user" and isinstance(value, str) else name, value)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- recording ----------------------------------------------------------

    def record(self, entry: Entry | dict[str, Any], *, confirmed: bool = False, by: str | None = None) -> Recorded:
        """Records one entry; a concurrent writer on the same stream makes it retry.

        A probable duplicate meeting (same kind, day and topic as one already recorded)
        is refused unless ``confirmed`` (the user said it is a second meeting). A known
        user (``by``, else the ledger's user) records only what the matrix allows, as themselves.
        """
        parsed = entry if isinstance(entry, Entry) else parse_entry(entry)
        entry_id = parsed.id or uuid.uuid4().hex
        return self._retrying(lambda: self._record_once(parsed, entry_id, confirmed, by))

    def _record_once(self, entry: Entry, entry_id: str, confirmed: bool = False, by: str | None = None) -> Recorded:
        with self.store.writer() as writer:
            work = UnitOfWork(self.store, writer, now=self.now, user=by or self.user_name)
            outcome = work.record(entry, entry_id, confirmed=confirmed)
            work.flush()
        return outcome

    def import_lines(
        self, open_lines: Callable[[], Iterable[bytes | str]], *,
        keep_recorded_at: bool = False, progress: Callable[[int], None] | None = None,
        replaying: bool = False, by: str | None = None,
    ) -> ImportSummary:
        """Imports JSON Lines, all or nothing.

        ``open_lines`` is called once per attempt (a concurrent writer makes
        the import start again against the new state). Raises
        :class:`ImportRejected` listing every bad line; then nothing is written.

        ``keep_recorded_at`` keeps each line's recorded time only in a migration into
        an empty store. ``replaying`` lifts that rule for benchmarks and tests that
        replay one generated history into several stores; no face offers it to users.
        A known user (``by``, else the ledger's user) imports only lines the matrix allows them.
        """
        return self._retrying(
            lambda: self._import_once(open_lines(), keep_recorded_at, progress, replaying, by)
        )

    def _import_once(
        self, lines: Iterable[bytes | str], keep_recorded_at: bool,
        progress: Callable[[int], None] | None, replaying: bool = False, by: str | None = None,
    ) -> ImportSummary:
        summary = ImportSummary()
        errors = _ErrorList()
        occurrences: dict[str, int] = {}
        migrating = keep_recorded_at and (replaying or self.store.head() == 0)
        with self.store.writer() as writer:
            work = UnitOfWork(
                self.store, writer, now=self.now, user=by or self.user_name, keep_recorded_at=keep_recorded_at,
                migrating=migrating,
            )
            batch: list[tuple[int, Entry]] = []
            for number, line in enumerate(lines, 1):
                summary.lines = number
                if progress is not None:
                    progress(len(line))
                text = line.strip()
                if not text:
                    continue
                if text[:1] in ("#", b"#"):
                    summary.comments += 1
                    continue
                try:
                    entry = parse_line(text)
                except InvalidEntry as error:
                    errors.add(LineError(number, error.field, error.reason))
                    continue
                if errors.after_batch:
                    # Nothing will be written: keep checking each line's form, but hold
                    # no more entries, so memory stays bounded by one batch.
                    continue
                batch.append((number, entry))
                if len(batch) >= IMPORT_BATCH:
                    self._import_batch(work, batch, occurrences, errors, summary)
                    batch = []
                    errors.after_batch = bool(errors)
            self._import_batch(work, batch, occurrences, errors, summary)
            if errors:
                raise ImportRejected(errors.listed, total=errors.total)
        return summary

    @staticmethod
    def _import_batch(
        work: UnitOfWork, batch: list[tuple[int, Entry]], occurrences: dict[str, int],
        errors: _ErrorList, summary: ImportSummary,
    ) -> None:
        ids = [entry.id or _content_id(entry, occurrences) for _, entry in batch]
        work.prefetch(ids)
        for (number, entry), entry_id in zip(batch, ids, strict=True):
            try:
                outcome = work.record(entry, entry_id)
            except PermissionDenied as error:
                errors.add(LineError(number, None, str(error)))
                continue
            except InvalidEntry as error:
                errors.add(LineError(number, error.field, error.reason))
                continue
            if outcome.stored:
                summary.stored += 1
                summary.by_type[outcome.type] += 1
            else:
                summary.skipped += 1
        if not errors:
            work.flush()

    def _retrying(self, attempt: Callable[[], T]) -> T:
        for tried in range(RETRIES):
            try:
                return attempt()
            except IntegrityError:
                # Another writer appended to the same stream first: try again
                # against the state it left, after a randomised back-off so
                # two writers do not collide again in step.
                time.sleep(random.uniform(0, 0.002 * 2**tried))
            except OperationalError as error:
                raise StoreError(f"the store did not answer: {error}") from None
        raise ConcurrencyError(
            f"gave up after {RETRIES} attempts: other writers kept changing the same branch"
        )

    # --- reading ------------------------------------------------------------

    def events(self) -> Iterator[tuple[int, LedgerEvent]]:
        """Every stored event, in append order, with its position in the log."""
        decode = self.store.mapper.to_domain_event
        for notification in self.store.notifications():
            yield notification.id, decode(notification)  # type: ignore[misc]

    def export(self) -> Iterator[str]:
        """Every entry as one JSON Lines line, in append order."""
        for _, event in self.events():
            yield export_line(event)

    def chain_head(self) -> Anchor:
        """The last link as ``POSITION:HASH`` (not re-verified; ``verify`` walks the chain)."""
        position, digest = self.store.dialect.last_link()
        return Anchor(position, digest)

    def verify(self, anchors: Sequence[Anchor] = ()) -> VerifyReport:
        """Re-walks the chain; with ``anchors``, also proves it passes through each."""
        return verify_chain(self.store, anchors)

    def counts(self) -> Counter[tuple[str, str]]:
        """Stored entries per (branch, type)."""
        return Counter((event.branch, event.entry_type) for _, event in self.events())


def export_line(event: LedgerEvent) -> str:
    line: dict[str, Any] = {
        "id": event.entry_id,
        "type": event.entry_type,
        "branch": event.branch,
        "date": event.date,
        "recorded_at": event.timestamp.isoformat(),
        "recorded_by": event.recorded_by,
    }
    if event.note is not None:
        line["note"] = event.note
    line.update(event.data)
    return json.dumps(line, ensure_ascii=False)


def _content_id(entry: Entry, occurrences: dict[str, int]) -> str:
    """A deterministic id for an entry imported without one.

    The n-th entry of a file with the same content gets the same id on every
    import of that file, so importing it twice stores it once.
    """
    digest = content_digest(entry)
    seen = occurrences.get(digest, 0)
    occurrences[digest] = seen + 1
    return hashlib.sha256(f"{digest}#{seen}".encode()).hexdigest()[:32]


class _ErrorList:
    """The bad lines of an import: the first ``MAX_REPORTED_ERRORS`` kept, all counted.

    ``after_batch`` is set once a batch has ended with an error: from then on
    nothing can be written, so later lines are only checked for their form.
    """

    def __init__(self) -> None:
        self.listed: list[LineError] = []
        self.total = 0
        self.after_batch = False

    def add(self, error: LineError) -> None:
        self.total += 1
        if len(self.listed) < MAX_REPORTED_ERRORS:
            self.listed.append(error)

    def __bool__(self) -> bool:
        return self.total > 0
