"""The method's edge semantics that need the store: late findings, probation entries and their guards."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from ledger.application import Ledger
from ledger.errors import InvalidEntry
from projections.readmodels.facts import branch_facts
from projections.scoring import score
from projections.scoring.rulebook import default_rulebook
from projections.usecases.assessment import audit, score_all

NOW = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def record_all(ledger: Ledger, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        ledger.record({"branch": "B01", **entry})


BASICS: list[dict[str, Any]] = [
    {"type": "BranchRegistered", "date": "2020-01-01", "name": "第一支部"},
    {"type": "MemberRegistered", "date": "2020-01-01", "member": "P01", "name": "甲", "status": "full"},
]


def l5(card: Any) -> Decimal:
    return next(i.deducted for c in card.categories for i in c.items if i.id == "L5")


def test_a_finding_for_a_year_recorded_two_years_later_changes_that_years_score(store_url: str) -> None:
    with Ledger(store_url, now=lambda: NOW, user="assessor") as ledger:
        record_all(ledger, [*BASICS, {"type": "FindingRecorded", "id": "F1", "date": "2025-06-01", "year": 2023,
                                      "item": "L5", "deduction": "2", "reason": "台帐不全"}])
        from_store = score("B01", branch_facts(ledger.store, "B01", through_year=2023), default_rulebook(), 2023,
                           NOW.date())
        (from_views,) = score_all(ledger.store, 2023, default_rulebook(), NOW.date(), ["B01"])
        report = audit(ledger.store, "B01", 2023, NOW)
        before = audit(ledger.store, "B01", 2023, datetime(2020, 6, 1, tzinfo=UTC))
    assert l5(from_store) == l5(from_views) == l5(report.card) == Decimal(2)
    assert l5(before.card) == 0  # an audit as of before its recording does not see it



PROBATIONARY: dict[str, Any] = {"type": "MemberRegistered", "date": "2024-03-10", "member": "P02", "name": "乙",
                                "status": "probationary", "admitted_on": "2024-03-10"}


def test_a_probation_is_extended_once(store_url: str) -> None:
    with Ledger(store_url, now=lambda: NOW, user="clerk") as ledger:
        record_all(ledger, [*BASICS, PROBATIONARY,
                            {"type": "ProbationExtended", "date": "2025-03-01", "member": "P02", "months": 6}])
        with pytest.raises(InvalidEntry, match="already extended"):
            ledger.record({"branch": "B01", "type": "ProbationExtended", "date": "2025-04-01", "member": "P02",
                           "months": 6})
        with pytest.raises(InvalidEntry, match="not a probationary member"):
            ledger.record({"branch": "B01", "type": "ProbationExtended", "date": "2025-04-01", "member": "P01",
                           "months": 6})


def test_a_probation_extension_outside_six_to_twelve_months_is_refused(store_url: str) -> None:
    with Ledger(store_url, now=lambda: NOW, user="clerk") as ledger:
        record_all(ledger, [*BASICS, PROBATIONARY])
        with pytest.raises(InvalidEntry, match="months"):
            ledger.record({"branch": "B01", "type": "ProbationExtended", "date": "2025-03-01", "member": "P02",
                           "months": 3})


def test_a_probationary_member_transferred_in_needs_the_admission_date(store_url: str) -> None:
    transfer = {"type": "MemberTransferredIn", "date": "2025-03-01", "member": "P03", "name": "丙",
                "status": "probationary", "from_org": "某支部", "requested_on": "2025-02-20"}
    with Ledger(store_url, now=lambda: NOW, user="clerk") as ledger:
        record_all(ledger, BASICS)
        with pytest.raises(InvalidEntry, match="admitted_on"):
            ledger.record({"branch": "B01", **transfer})
        ledger.record({"branch": "B01", **transfer, "admitted_on": "2024-11-01"})
        facts = branch_facts(ledger.store, "B01", through_year=2025)
    card = score("B01", facts, default_rulebook(), 2025, date(2026, 1, 31))
    assert [f.data.get("admitted_on") for f in facts if f.type == "MemberTransferredIn"] == ["2024-11-01"]
    assert card.total > 0


def test_a_publication_made_before_the_digest_ignored_the_language_still_audits(store_url: str) -> None:
    from projections.scoring.cards import legacy_card_digest
    from tests.conftest import example_lines

    published = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    with Ledger(store_url, now=lambda: published, user="assessor") as ledger:
        ledger.import_lines(lambda: example_lines("troubled-branch-2025"))
        (card,) = score_all(ledger.store, 2025, default_rulebook(), published.date(), ["B07"])
        old_digest = legacy_card_digest(card.to_json())  # what publish recorded then: the English card, titles in
        assert old_digest != card.digest
        ledger.record({"type": "AssessmentPublished", "branch": "ORG", "date": "2026-01-15", "year": 2025,
                       "rulebook_version": card.rulebook_version, "rulebook_digest": card.rulebook_digest,
                       "scores": [{"branch": "B07", "total": f"{card.total:.2f}".rstrip("0").rstrip("."),
                                   "grade": card.grade, "advanced_eligible": card.advanced_eligible,
                                   "digest": old_digest}],
                       "chain_head": ledger.verify().head})
        report = audit(ledger.store, "B07", 2025, datetime(2026, 1, 20, tzinfo=UTC))
    assert report.matches, report.differences


def test_due_and_score_agree_under_the_2018_rulebook(store_url: str) -> None:
    """Obligations come from the rulebook in force: under the 2018 regulations the committee meets monthly."""
    from projections.readmodels.runner import reading
    from projections.readmodels.views import catch_up
    from projections.scoring.rulebook import RULEBOOKS, load_rulebook
    from projections.usecases.assessment import adopt
    from projections.usecases.obligations import obligations

    regulations = load_rulebook(RULEBOOKS / "regulations-2018.yaml")
    committee = [{"type": "MeetingHeld", "date": day, "kind": "branch_committee", "topic": "研究工作",
                  "present": ["P01"]} for day in ("2025-01-10", "2025-02-10", "2025-05-10")]
    on = date(2025, 6, 15)
    with Ledger(store_url, now=lambda: NOW, user="assessor") as ledger:
        record_all(ledger, [*BASICS, *committee])
        catch_up(ledger.store)
        with reading(ledger.store) as connection:
            quarterly = {o.what[:7] for o in obligations(connection, ledger.store, "B01", on) if o.item == "O2"}
        adopt(ledger, regulations, from_year=2025, organisation="ORG", on=date(2025, 1, 1))
        catch_up(ledger.store)
        with reading(ledger.store) as connection:
            monthly = {o.what[:7] for o in obligations(connection, ledger.store, "B01", on) if o.item == "O2"}
        (card,) = score_all(ledger.store, 2025, regulations, date(2026, 3, 1), ["B01"])
    o2 = next(i for c in card.categories for i in c.items if i.id == "O2")
    assert quarterly == {"2025-Q3", "2025-Q4"}  # the default rulebook: quarterly, and Q2 was held in May
    assert monthly == {"2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"}
    # what due lists ahead is exactly what the score deducts for those months when nothing more is recorded
    assert {d.period for d in o2.deductions if d.period >= "2025-06"} == monthly
    assert {d.period for d in o2.deductions} == monthly | {"2025-03", "2025-04"}


def test_a_committee_meeting_that_names_nobody_expects_the_committee_in_office(store_url: str) -> None:
    from projections.readmodels.queries import meetings_of
    from projections.readmodels.runner import reading
    from projections.readmodels.views import catch_up

    with Ledger(store_url, now=lambda: NOW, user="clerk") as ledger:
        record_all(ledger, [
            *BASICS,
            {"type": "MemberRegistered", "date": "2020-01-01", "member": "P02", "name": "乙", "status": "full"},
            {"type": "MemberRegistered", "date": "2020-01-01", "member": "P03", "name": "丙", "status": "full"},
            {"type": "CommitteeElected", "date": "2024-01-10", "term_years": 3,
             "members": [{"member": "P01", "role": "secretary"}, {"member": "P02", "role": "organization"}]},
            {"type": "MeetingHeld", "id": "C1", "date": "2025-03-01", "kind": "branch_committee", "topic": "研究",
             "present": ["P01"]},
            {"type": "MeetingHeld", "id": "G1", "date": "2025-03-02", "kind": "party_group", "topic": "学习",
             "present": ["P01"]},
        ])
        catch_up(ledger.store)
        with reading(ledger.store) as connection:
            held = {m.entry_id: m.expected for m in meetings_of(connection, "B01", 2025)}
        # a member added to the committee later changes who an earlier meeting expected: nobody
        ledger.record({"branch": "B01", "type": "CommitteeMemberAdded", "date": "2025-04-01", "member": "P03",
                       "role": "propaganda"})
        catch_up(ledger.store)
        with reading(ledger.store) as connection:
            again = {m.entry_id: m.expected for m in meetings_of(connection, "B01", 2025)}
    assert held == {"C1": ["P01", "P02"], "G1": ["P01", "P02", "P03"]}
    assert again == held
