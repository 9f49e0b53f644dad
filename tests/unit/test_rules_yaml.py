"""The rulebook's YAML tests (tests/rules/*.yaml) run against the engine alone, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from ledger.corrections import Fact, Resolver
from ledger.parsing import parse_entry
from projections.scoring import score
from projections.scoring.rulebook import default_rulebook

CASES = Path(__file__).resolve().parents[1] / "rules"
BACKGROUND: list[dict[str, Any]] = [
    {"type": "BranchRegistered", "date": "2020-01-01", "name": "第一支部"},
    {"type": "MemberRegistered", "date": "2020-01-01", "member": "P01", "name": "甲", "status": "full"},
]


def load_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append({**case, "file": path.name})
    return cases


def history_facts(history: list[dict[str, Any]]) -> list[Fact]:
    """The entries, validated by the entry schema and resolved as the store would give them."""
    resolver = Resolver()
    seq = 0
    for entry in [*BACKGROUND, *history]:
        fields = {key: value.isoformat() if isinstance(value, date) else value
                  for key, value in entry.items() if key != "times"}
        for _ in range(int(entry.get("times", 1))):
            seq += 1
            parsed = parse_entry({"branch": "B01", "id": f"e{seq}", **fields})
            resolver.add(Fact(seq, f"e{seq}", parsed.type, parsed.date, parsed.payload(), "B01"))
    return list(resolver.effective())


def deducted(case: dict[str, Any]) -> dict[str, Decimal]:
    year = int(case.get("year", 2025))
    as_of = case.get("as_of", date(year + 1, 3, 1))
    as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    card = score("B01", history_facts(case["history"]), default_rulebook(), year, as_of)
    items = {item.id: item.deducted for category in card.categories for item in category.items}
    return {item: items[item] for item in case["deducted"]}


ALL = load_cases()


@pytest.mark.parametrize("case", ALL, ids=[f"{case['file']}: {case['name']}" for case in ALL])
def test_rulebook_case(case: dict[str, Any]) -> None:
    expected = {item: Decimal(str(points)) for item, points in case["deducted"].items()}
    assert deducted(case) == expected


def test_every_item_of_the_default_rulebook_has_a_case_that_deducts_and_one_that_does_not() -> None:
    deducts, spares = set(), set()
    for case in ALL:
        for item, points in case["deducted"].items():
            (deducts if Decimal(str(points)) > 0 else spares).add(item)
    items = {item.id for _, item in default_rulebook().items()}
    assert items - deducts == set()
    assert items - spares == set()
