"""Short histories for the engine: entries as the interchange writes them, turned into facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ledger.corrections import Fact, Resolver
from projections.scoring import ItemCard, Scorecard, score
from projections.scoring.rulebook import Rulebook, default_rulebook

COMMON = {"type", "date", "id", "branch"}


def facts_of(entries: list[dict[str, Any]], branch: str = "B01") -> list[Fact]:
    """Facts in effect from interchange-like entries (``id`` optional), in the order given."""
    resolver = Resolver()
    for seq, entry in enumerate(entries, start=1):
        data = {key: value for key, value in entry.items() if key not in COMMON}
        resolver.add(Fact(seq, str(entry.get("id", f"e{seq}")), entry["type"], date.fromisoformat(entry["date"]),
                          data, branch))
    return list(resolver.effective())


def card_of(entries: list[dict[str, Any]], year: int, as_of: str, book: Rulebook | None = None,
            lang: str = "en") -> Scorecard:
    return score("B01", facts_of(entries), book or default_rulebook(), year, date.fromisoformat(as_of), lang)


def item_of(card: Scorecard, item_id: str) -> ItemCard:
    return next(item for category in card.categories for item in category.items if item.id == item_id)


def deducted_by(card: Scorecard, item_id: str, check: str) -> Decimal:
    """What the checks of an item whose description starts with ``check`` deducted."""
    return sum((trace.deducted for trace in item_of(card, item_id).checks if trace.check.startswith(check)),
               Decimal(0))


BRANCH = [{"type": "BranchRegistered", "date": "2020-01-01", "name": "第一支部"}]


def member(code: str, on: str = "2020-01-01") -> dict[str, Any]:
    return {"type": "MemberRegistered", "date": on, "member": code, "name": code, "status": "full"}
