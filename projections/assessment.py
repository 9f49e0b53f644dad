"""Rule changes, publication and audit: which rulebook is in force, and replaying a year.

The rulebook in force for a year is the latest ``RulebookAdopted`` whose
``effective_from`` is not after it (the default rulebook when none is).
Adoptions carry the whole rulebook, so an audit reproduces any score from the
event store alone. A publication records each branch's total, grade and the
digest of its scorecard; an audit recomputes a branch-year as of any moment
and explains every difference with the events that caused it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ledger.application import Ledger
from ledger.store import Store
from ledger.streams import ORGANISATION
from projections.facts import branch_facts, branch_streams, recorded_after
from projections.rulebook import Rulebook, default_rulebook, rulebook_from_stored
from projections.scoring import Scorecard, score


@dataclass(frozen=True)
class InForce:
    book: Rulebook
    source: str  # "default" or the id of the RulebookAdopted entry


def organisation_events(store: Store, as_of: datetime | None = None) -> list[Any]:
    """The organisation stream in log order, retractions applied."""
    from ledger.corrections import Fact, Resolver

    resolver = Resolver()
    events = {}
    for position, event in store.stream_events([ORGANISATION]):
        if as_of is not None and event.timestamp > as_of:
            continue
        events[event.entry_id] = event
        resolver.add(Fact(position, event.entry_id, type(event).__name__, date.fromisoformat(event.date),
                          event.data))
    return [events[f.entry_id] for f in resolver.effective()]


def rulebook_for(store: Store, year: int, as_of: datetime | None = None) -> InForce:
    adopted = [e for e in organisation_events(store, as_of) if type(e).__name__ == "RulebookAdopted"
               and e.data["effective_from"] <= year]
    if not adopted:
        return InForce(default_rulebook(), "default")
    latest = adopted[-1]
    return InForce(rulebook_from_stored(latest.data["content"], latest.entry_id), latest.entry_id)


def check_finding(entry: Any, store: Store) -> None:
    """The content check of a ``FindingRecorded`` (see ``ledger.content_checks``).

    The item must be one of the rulebook in force for the finding's year (else the
    finding would be stored and silently ignored by ``score``), and the deduction at
    most what the item may deduct (its cap, else its category's base points).
    """
    from ledger.errors import InvalidEntry
    from ledger.i18n import text
    from projections.lookup import UnknownName, known_item

    book = rulebook_for(store, entry.year).book
    items = {item.id: (category, item) for category, item in book.items()}
    try:
        item_id = known_item("en", entry.item, list(items), book.version)
    except UnknownName as error:
        raise InvalidEntry(str(error), "item") from None
    if item_id != entry.item:
        raise InvalidEntry(text("en", "the rulebook {version} has no item {item}", version=book.version,
                                item=entry.item) + f"; did you mean {item_id}?", "item")
    category, item = items[item_id]
    most = item.cap if item.cap is not None else category.base
    if entry.deduction > most:
        raise InvalidEntry(f"{item_id} deducts at most {_points(most)} points; {_points(entry.deduction)} is more",
                           "deduction")


def _points(value: Any) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def adopt(ledger: Ledger, book: Rulebook, *, from_year: int | None, organisation: str,
          on: date) -> Any:
    return ledger.record({
        "type": "RulebookAdopted", "branch": organisation, "date": on.isoformat(),
        "version": book.version, "digest": book.digest,
        "effective_from": from_year if from_year is not None else book.effective_from,
        "content": book.model_dump(mode="json"),
    })


def rescore(store: Store, from_year: int, on: date) -> list[tuple[int, int]]:
    """Computes and stores the scorecards of every year from ``from_year`` on that has entries.

    What a rulebook adoption does next: each year is scored under the rulebook
    now in force for it, so later reads find its cards ready. Returns (year,
    branches scored) per year.
    """
    from sqlalchemy import select

    from projections.runner import reading
    from projections.scorecards import scorecards_for
    from projections.tables import entries

    codes = branches_of(store)
    with reading(store) as connection:
        years = sorted(connection.execute(select(entries.c.year).distinct().where(
            entries.c.year >= from_year, entries.c.year <= on.year)).scalars())
    done = []
    for year in years:
        scorecards_for(store, year, rulebook_for(store, year).book, on, codes)
        done.append((year, len(codes)))
    return done


def branches_of(store: Store) -> list[str]:
    """Every registered branch, from the log."""
    from projections.queries import branches
    from projections.runner import reading
    from projections.views import catch_up

    catch_up(store)
    with reading(store) as connection:
        return branches(connection)


def score_all(store: Store, year: int, book: Rulebook, on: date, codes: list[str],
              lang: str = "en") -> Iterator[Scorecard]:
    """Every branch's scorecard, computed afresh from the views (caught up first), 100 branches at a time."""
    from projections.scorecards import score_from_views
    from projections.view_facts import CHUNK
    from projections.views import catch_up

    catch_up(store)
    for start in range(0, len(codes), CHUNK):
        yield from score_from_views(store, codes[start:start + CHUNK], year, book, on, lang)


def publish(ledger: Ledger, year: int, *, organisation: str, on: date) -> tuple[list[Scorecard], Any]:
    store = ledger.store
    in_force = rulebook_for(store, year)
    cards = list(score_all(store, year, in_force.book, on, branches_of(store)))
    record = ledger.record({
        "type": "AssessmentPublished", "branch": organisation, "date": on.isoformat(), "year": year,
        "rulebook_version": in_force.book.version, "rulebook_digest": in_force.book.digest,
        "scores": [{"branch": c.branch, "total": f"{c.total:.2f}".rstrip("0").rstrip("."), "grade": c.grade,
                    "advanced_eligible": c.advanced_eligible, "digest": c.digest} for c in cards],
        "chain_head": ledger.verify().head,
    })
    return cards, record


def compare_stored(store: Store, report: Audit, digest: str, present: bool) -> None:
    """Compares the recomputed card with the stored scorecard (the read model), if any."""
    from sqlalchemy import and_, select

    from projections.runner import reading
    from projections.scorecards import scorecards
    from projections.scoring import card_digest

    with reading(store) as connection:
        if not connection.dialect.has_table(connection, scorecards.name):
            return
        row = connection.execute(select(scorecards).where(and_(
            scorecards.c.branch == report.branch, scorecards.c.year == report.year,
            scorecards.c.rulebook_digest == digest, scorecards.c.lang == "en"))).first()
    if row is None:
        report.stored = "no stored scorecard under this rulebook"
        return
    import json

    current = store.last_position(branch_streams(report.branch, report.year))
    if row.position != current:
        report.stored = (f"the stored scorecard is out of date (log position {row.position}, now {current}); "
                         "the next score recomputes it")
        return
    if card_digest(json.loads(row.card)) == report.card.digest:
        report.stored = f"matches the stored scorecard (computed for {row.as_of})"
        return
    report.stored = f"differs from the stored scorecard computed for {row.as_of} at log position {row.position}"
    if present:
        # both claim to describe the present: the read model disagrees with the store
        report.differences.append(report.stored)


@dataclass
class Audit:
    branch: str
    year: int
    as_of: str
    card: Scorecard
    rulebook_source: str
    published: dict[str, Any] | None = None
    published_at: str | None = None
    differences: list[str] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)
    stored: str | None = None  # how the stored scorecard compares

    @property
    def matches(self) -> bool:
        return not self.differences


def audit(store: Store, branch: str, year: int, as_of: datetime | None = None) -> Audit:
    """Recomputes a branch-year from the store alone and compares it with the publication."""
    moment = as_of or datetime.now(UTC)
    in_force = rulebook_for(store, year, moment)
    facts = branch_facts(store, branch, through_year=year, as_of=moment)
    card = score(branch, facts, in_force.book, year, moment.date())
    report = Audit(branch, year, moment.isoformat(), card, in_force.source)
    compare_stored(store, report, in_force.book.digest, as_of is None)
    publications = [e for e in organisation_events(store, moment)
                    if type(e).__name__ == "AssessmentPublished" and e.data["year"] == year]
    if not publications:
        report.explanations.append(f"no assessment of {year} was published by {moment.isoformat()}")
        return report
    latest = publications[-1]
    published = next((s for s in latest.data["scores"] if s["branch"] == branch), None)
    report.published_at = latest.timestamp.isoformat()
    if published is None:
        report.differences.append(f"{branch} is not in the assessment published {report.published_at}")
        return report
    report.published = published
    now = {"total": f"{card.total:.2f}".rstrip("0").rstrip("."), "grade": card.grade,
           "advanced_eligible": card.advanced_eligible, "digest": card.digest}
    for key, value in now.items():
        if published[key] != value:
            report.differences.append(f"{key}: published {published[key]}, recomputed {value}")
    if report.differences:
        if latest.data["rulebook_digest"] != in_force.book.digest:
            report.explanations.append(
                f"the rulebook changed: published under {latest.data['rulebook_version']} "
                f"({latest.data['rulebook_digest'][:19]}…), now {in_force.book.version} ({in_force.source})")
        for event in recorded_after(store, branch, year, latest.timestamp):
            if event.timestamp > moment:
                continue
            what = type(event).__name__
            target = f" of {event.data['target']}" if "target" in event.data else ""
            report.explanations.append(
                f"{what}{target} {event.entry_id} (dated {event.date}) recorded {event.timestamp.isoformat()}, "
                "after the publication")
    return report
