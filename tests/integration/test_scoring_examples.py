"""Acceptance: the example years score exactly as expected.json says, through the CLI, both stores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from commands.main import app
from projections.rulebook import DEFAULT_RULEBOOK
from tests.conftest import EXAMPLES

runner = CliRunner()
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text())


def scorecards(db: str, *extra: str) -> dict[str, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["score", "--year", "2025", "--format", "json", "--db", db, *extra])
    assert result.exit_code == 0, result.stderr
    return {card["branch"]: card for card in json.loads(result.stdout)}


def deducted_items(card: dict) -> dict[str, float]:  # type: ignore[type-arg]
    return {item["id"]: item["deducted"] for category in card["categories"]
            for item in category["items"] if item["deducted"]}


@pytest.fixture
def both_examples(store_url: str) -> str:
    for name in EXPECTED:
        result = runner.invoke(app, ["import", str(EXAMPLES / f"{name}.jsonl"), "--db", store_url])
        assert result.exit_code == 0, result.stderr
    return store_url


def test_the_examples_score_as_expected(both_examples: str) -> None:
    cards = scorecards(both_examples)
    for example in EXPECTED.values():
        for branch, expected in example.items():
            card = cards[branch]
            assert (card["total"], card["grade"], card["advanced_eligible"]) == (
                expected["total"], expected["grade"], expected["advanced_eligible"])
            assert deducted_items(card) == expected["items"]
            assert card["rulebook"]["digest"].startswith("sha256:")


def test_every_deduction_names_its_evidence_or_its_period(both_examples: str) -> None:
    card = scorecards(both_examples, "--branch", "B07")["B07"]
    deductions = [d for c in card["categories"] for i in c["items"] for d in i["deductions"]]
    assert all(d["evidence"] or d["period"] for d in deductions)
    theory = next(d for d in deductions if "theory_study" in d["reason"])
    assert theory["evidence"] == ["B07-0039"] and "6/10" in theory["reason"]


def test_the_trace_lists_checks_that_did_not_fire(both_examples: str) -> None:
    card = scorecards(both_examples, "--branch", "B05", "--trace")["B05"]
    checks = [check for c in card["categories"] for i in c["items"] for check in i["checks"]]
    assert checks and not any(check["fired"] for check in checks)
    l2 = next(i for c in card["categories"] for i in c["items"] if i["id"] == "L2")
    assert l2["checks"][0]["summary"] == "2025: 2/2"
    assert l2["checks"][0]["parameters"] == {"period": "year", "min": 2, "deduct_per_missing": "2"}


def test_a_what_if_rulebook_changes_grades_and_totals_and_stores_nothing(
    both_examples: str, tmp_path: Path
) -> None:
    book = yaml.safe_load(DEFAULT_RULEBOOK.read_text())
    book["version"] = "what-if"
    book["grades"]["meets"] = 85
    book["grades"]["basically_meets"] = 70
    next(c for c in book["categories"] if c["id"] == "L")["base"] = 20
    what_if = tmp_path / "what-if.yaml"
    what_if.write_text(yaml.safe_dump(book, allow_unicode=True))
    before = runner.invoke(app, ["export", "--db", both_examples]).stdout
    cards = scorecards(both_examples, "--rulebook", str(what_if))
    assert (cards["B07"]["total"], cards["B07"]["grade"]) == (93.5, "meets")
    assert cards["B07"]["advanced_eligible"] is False
    assert (cards["B05"]["total"], cards["B05"]["rulebook"]["version"]) == (105, "what-if")
    assert runner.invoke(app, ["export", "--db", both_examples]).stdout == before


def test_the_shipped_rulebooks_validate(tmp_path: Path) -> None:
    for path in sorted(DEFAULT_RULEBOOK.parent.glob("*.yaml")):
        result = runner.invoke(app, ["rules", "validate", str(path)])
        assert result.exit_code == 0, result.stderr
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULEBOOK, copy)
    assert runner.invoke(app, ["rules", "validate", str(copy), "--format", "json"]).exit_code == 0
