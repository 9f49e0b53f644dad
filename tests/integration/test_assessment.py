"""Rule changes, publication and audit, through the application API (fixed clocks) and the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import yaml
from typer.testing import CliRunner

from commands.main import app
from ledger.application import Ledger
from projections.assessment import adopt, audit, publish, rulebook_for
from projections.rulebook import DEFAULT_RULEBOOK, default_rulebook, parse_rulebook, rulebook_from_stored
from tests.conftest import example_lines

runner = CliRunner()
PUBLISHED = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
RETRACTED = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def at(url: str, moment: datetime) -> Ledger:
    return Ledger(url, now=lambda: moment, user="assessor")


def test_a_retraction_after_publication_makes_the_audit_differ_and_names_it(store_url: str) -> None:
    with at(store_url, PUBLISHED) as ledger:
        ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
        cards, _ = publish(ledger, 2025, organisation="ORG", on=PUBLISHED.date())
        assert [(c.branch, c.total) for c in cards] == [("B07", Decimal("88.5"))]
        assert audit(ledger.store, "B07", 2025, datetime(2026, 1, 20, tzinfo=UTC)).matches
    with at(store_url, RETRACTED) as ledger:
        retraction = ledger.record({"type": "EntryRetracted", "branch": "B07", "date": "2026-02-01",
                                    "target": "B07-x1", "reason": "the meeting was attended"})
        now = audit(ledger.store, "B07", 2025, datetime(2026, 3, 1, tzinfo=UTC))
        before = audit(ledger.store, "B07", 2025, datetime(2026, 1, 20, tzinfo=UTC))
    assert not now.matches
    assert "total: published 88.5, recomputed 89.5" in now.differences
    assert any(f"EntryRetracted of B07-x1 {retraction.entry_id}" in line for line in now.explanations)
    assert before.matches and before.published == {**before.published, "total": "88.5"}


def test_audit_exits_1_through_the_cli_and_shows_every_check(store_url: str) -> None:
    with at(store_url, PUBLISHED) as ledger:
        ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
        publish(ledger, 2025, organisation="ORG", on=PUBLISHED.date())
    with at(store_url, RETRACTED) as ledger:
        ledger.record({"type": "EntryRetracted", "branch": "B07", "date": "2026-02-01", "target": "B07-x1",
                       "reason": "x"})
    result = runner.invoke(app, ["audit", "--year", "2025", "--branch", "B07", "--format", "json",
                                 "--db", store_url])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["matches_publication"] is False
    checks = [c for cat in report["scorecard"]["categories"] for i in cat["items"] for c in i["checks"]]
    assert len(checks) > 30 and any(not c["fired"] for c in checks)
    result = runner.invoke(app, ["audit", "--year", "2025", "--branch", "B07", "--as-of",
                                 "2026-01-20T00:00:00+00:00", "--db", store_url])
    assert result.exit_code == 0 and "matches the published assessment" in result.stdout


def test_an_adopted_rulebook_is_in_force_from_its_year_and_scores_like_the_what_if(
    store_url: str, tmp_path: Path
) -> None:
    book = yaml.safe_load(DEFAULT_RULEBOOK.read_text())
    book["version"] = "stricter"
    book["grades"]["meets"] = 95
    text = yaml.safe_dump(book, allow_unicode=True)
    stricter = tmp_path / "stricter.yaml"
    stricter.write_text(text)
    with at(store_url, PUBLISHED) as ledger:
        ledger.import_lines(lambda: example_lines("model-branch-2025"))
        what_if = runner.invoke(app, ["score", "-y", "2025", "--rulebook", str(stricter), "--format", "json",
                                      "--db", store_url]).stdout
        adopt(ledger, parse_rulebook(text), from_year=2026, organisation="ORG", on=PUBLISHED.date())
        assert rulebook_for(ledger.store, 2025).source == "default"
        adopt(ledger, parse_rulebook(text), from_year=2025, organisation="ORG", on=PUBLISHED.date())
        in_force = rulebook_for(ledger.store, 2025)
        assert rulebook_for(ledger.store, 2025, datetime(2026, 1, 1, tzinfo=UTC)).source == "default"
    assert in_force.book.version == "stricter" and in_force.book.digest == parse_rulebook(text).digest
    adopted = runner.invoke(app, ["score", "-y", "2025", "--format", "json", "--db", store_url]).stdout
    assert json.loads(adopted)[0]["rulebook"]["version"] == "stricter"
    strip = [{k: v for k, v in card.items() if k != "as_of"} for card in json.loads(what_if)]
    assert strip == [{k: v for k, v in card.items() if k != "as_of"} for card in json.loads(adopted)]


def test_rules_diff_shows_grades_that_move(store_url: str, tmp_path: Path) -> None:
    with at(store_url, PUBLISHED) as ledger:
        ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
    book = yaml.safe_load(DEFAULT_RULEBOOK.read_text())
    book["grades"]["meets"] = 88
    lenient = tmp_path / "lenient.yaml"
    lenient.write_text(yaml.safe_dump(book, allow_unicode=True))
    result = runner.invoke(app, ["rules", "diff", str(DEFAULT_RULEBOOK), str(lenient), "--year", "2025",
                                 "--format", "json", "--db", store_url])
    [change] = json.loads(result.stdout)
    assert change["grade"] == ["basically_meets", "meets"] and change["grade_moved"] is True
    regulations = DEFAULT_RULEBOOK.parent / "regulations-2018.yaml"
    result = runner.invoke(app, ["rules", "diff", str(DEFAULT_RULEBOOK), str(regulations), "--year", "2025",
                                 "--format", "json", "--db", store_url])
    [change] = json.loads(result.stdout)
    assert "O2" in change["items"] and change["total"][1] < change["total"][0]


def test_a_rulebook_adoption_is_checked_and_stored_whole(store_url: str) -> None:
    with at(store_url, PUBLISHED) as ledger:
        recorded = adopt(ledger, default_rulebook(), from_year=None, organisation="ORG", on=date(2026, 1, 2))
        line = json.loads(list(ledger.export())[-1])
    assert recorded.type == "RulebookAdopted" and line["effective_from"] == 2018
    assert rulebook_from_stored(line["content"], "stored").digest == line["digest"]


def test_adopting_a_rulebook_rescores_the_affected_years_at_once(store_url: str, tmp_path: Path) -> None:
    from sqlalchemy import select

    from projections.runner import reading
    from projections.scorecards import scorecards

    book = yaml.safe_load(DEFAULT_RULEBOOK.read_text())
    book["version"] = "stricter"
    book["grades"]["meets"] = 95
    stricter = tmp_path / "stricter.yaml"
    stricter.write_text(yaml.safe_dump(book, allow_unicode=True))
    with at(store_url, PUBLISHED) as ledger:
        ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
    result = runner.invoke(app, ["rules", "adopt", str(stricter), "--from-year", "2025", "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "rescored 2025: 1 scorecards" in result.stdout
    with at(store_url, PUBLISHED) as ledger, reading(ledger.store) as connection:
        stored = connection.execute(select(scorecards.c.branch, scorecards.c.year, scorecards.c.card)
                                    .where(scorecards.c.rulebook_digest == parse_rulebook(stricter.read_text()).digest)
                                    ).all()
    # 2025, and 2026, where the year's last dues were remitted
    assert sorted((row.branch, row.year) for row in stored) == [("B07", 2025), ("B07", 2026)]
    assert "rescored 2026: 1 scorecards" in result.stdout
    assert json.loads(next(row.card for row in stored if row.year == 2025))["grade"] == "basically_meets"
