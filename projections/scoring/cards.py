"""The scorecard: what the engine returns, its score JSON (interchange.md) and its digest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ZERO = Decimal(0)


@dataclass
class Deduction:
    """Points taken off an item, why, for which period, and the entries that show it."""

    amount: Decimal
    reason: str
    period: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class CheckTrace:
    """One check as evaluated: what it counted, against what, and what it cost."""

    check: str
    parameters: dict[str, Any]
    fired: bool
    summary: str
    deducted: Decimal = ZERO


@dataclass
class ItemCard:
    id: str
    title: str
    deducted: Decimal
    cap: Decimal | None
    deductions: list[Deduction]
    checks: list[CheckTrace]


@dataclass
class CategoryCard:
    id: str
    name: str
    base: Decimal
    deducted: Decimal
    score: Decimal
    items: list[ItemCard]


def number(value: Decimal) -> float | int:
    """A score JSON number: two decimals, an integer when whole."""
    rounded = value.quantize(Decimal("0.01"))
    return int(rounded) if rounded == rounded.to_integral() else float(rounded)


@dataclass
class Scorecard:
    branch: str
    year: int
    rulebook_version: str
    rulebook_digest: str
    total: Decimal
    grade: str
    advanced_eligible: bool
    categories: list[CategoryCard]
    data_gaps: list[str]
    as_of: str

    def to_json(self, *, trace: bool = False) -> dict[str, Any]:
        """The score JSON of interchange.md (with ``checks`` traces when asked)."""
        categories = []
        for category in self.categories:
            items = []
            for item in category.items:
                record: dict[str, Any] = {
                    "id": item.id, "title": item.title, "deducted": number(item.deducted),
                    "deductions": [{"amount": number(d.amount), "reason": d.reason, "period": d.period,
                                    "evidence": d.evidence} for d in item.deductions]}
                if trace:
                    record["checks"] = [{"check": c.check, "parameters": dict(c.parameters), "fired": c.fired,
                                         "summary": c.summary, "deducted": number(c.deducted)}
                                        for c in item.checks]
                items.append(record)
            categories.append({"id": category.id, "name": category.name, "base": number(category.base),
                               "deducted": number(category.deducted), "score": number(category.score),
                               "items": items})
        return {"branch": self.branch, "year": self.year,
                "rulebook": {"version": self.rulebook_version, "digest": self.rulebook_digest},
                "total": number(self.total), "grade": self.grade,
                "advanced_eligible": self.advanced_eligible, "categories": categories,
                "data_gaps": self.data_gaps, "as_of": self.as_of}

    @property
    def digest(self) -> str:
        """A digest of the result (not the trace): what publication records."""
        return card_digest(self.to_json())


def without_trace(card: dict[str, Any]) -> dict[str, Any]:
    """A scorecard's JSON without the checks trace."""
    return {**card, "categories": [
        {**category, "items": [{k: v for k, v in item.items() if k != "checks"} for item in category["items"]]}
        for category in card["categories"]]}


def card_digest(card: dict[str, Any]) -> str:
    """sha256 of a scorecard's result, whatever the language it is shown in.

    What is hashed: the branch, year, rulebook, total, grade, eligibility, and
    per category and item their ids, points and deductions (amount, reason,
    period, evidence) and the data gaps — not the trace, not the day it was
    computed for, and not the category names and item titles, which are the
    display language's words for the ids.
    """
    result = {key: value for key, value in without_trace(card).items() if key != "as_of"}
    result["categories"] = [
        {**{k: v for k, v in category.items() if k != "name"},
         "items": [{k: v for k, v in item.items() if k != "title"} for item in category["items"]]}
        for category in result["categories"]]
    return _sha256(result)


def legacy_card_digest(card: dict[str, Any]) -> str:
    """The digest publications recorded before it ignored the display language.

    It hashed the English card with its titles and names; an audit accepts it
    for a publication made then (the card must be the English one).
    """
    return _sha256({key: value for key, value in without_trace(card).items() if key != "as_of"})


def _sha256(result: dict[str, Any]) -> str:
    canonical = json.dumps(result, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
