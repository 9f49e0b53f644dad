"""The permission matrix, exhaustively, through the application API the CLI and the web call.

Every role × every writing action × own branch (B01, the branch the role is held for) / other
branch (B02) / the organisation: each attempt is ``Ledger.record(entry, by=user)`` (or the
users use case), on SQLite and on PostgreSQL. The expected answers are written out here from
Article 3 and the brief, not read from ``ledger.access.MATRIX``, so a change to the matrix
that does not match them fails.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher

import ledger.users
from ledger.access import PermissionDenied
from ledger.application import Ledger
from ledger.errors import InvalidEntry
from tests.conftest import FIXED_NOW

ROLES = ("recorder", "secretary", "deputy_secretary", "office", "reader", "admin")
BRANCH_ACTIONS = ("record_entry", "correct_entry", "retract_entry", "register_branch", "record_finding",
                  "record_violation")
ORGANISATION_ACTIONS = ("adopt_rulebook", "publish_year", "manage_users")
STAFF = {("record_entry", "own"), ("correct_entry", "own"), ("retract_entry", "own")}
EVERYTHING = {(a, w) for a in BRANCH_ACTIONS for w in ("own", "other")} | {(a, "org") for a in ORGANISATION_ACTIONS}
#: what each role may do: (action, where) pairs; everything else must be refused
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "recorder": STAFF,
    "secretary": STAFF,
    "deputy_secretary": STAFF,
    "office": EVERYTHING - {("manage_users", "org")},
    "reader": set(),
    "admin": EVERYTHING,
}


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id still, with small costs: these tests are about permissions, not hashing."""
    monkeypatch.setattr(ledger.users, "PASSWORD_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture
def org(store_url: str) -> Iterator[Ledger]:
    """B01 and B02 with a member each; a user per role (branch roles held for B01); root is the administrator."""
    with Ledger(store_url, now=lambda: FIXED_NOW, user="root") as opened:
        for code in ("B01", "B02"):
            opened.record({"type": "BranchRegistered", "branch": code, "date": "2025-01-01", "name": code})
            opened.record({"type": "MemberRegistered", "branch": code, "date": "2025-01-01", "member": "P01",
                           "name": "张三", "status": "full"})
        for role in ROLES:
            opened.add_user(f"u-{role}", "password-of-" + role, role, "B01" if role in BRANCH_ROLES else None)
        yield opened


BRANCH_ROLES = ("recorder", "secretary", "deputy_secretary")
_counter = itertools.count()


def _activity(branch: str) -> dict[str, Any]:
    return {"type": "ActivityLogged", "branch": branch, "date": "2025-03-01", "kind": "themed_party_day",
            "detail": f"activity {next(_counter)}"}


def attempt(ledger: Ledger, user: str, action: str, where: str) -> str:
    """Tries one action as ``user``; "allowed" (it was stored) or "denied" (PermissionDenied, nothing stored)."""
    branch = {"own": "B01", "other": "B02", "org": "ORG"}[where]
    head = ledger.store.head()
    entry: dict[str, Any] | None = None
    call: Callable[[], object] | None = None
    if action == "record_entry":
        entry = _activity(branch)
    elif action in ("correct_entry", "retract_entry"):
        target = ledger.record(_activity(branch)).entry_id  # recorded by root
        head = ledger.store.head()
        entry = {"type": "EntryRetracted", "branch": branch, "date": "2025-03-02", "target": target, "reason": "x"}
        if action == "correct_entry":
            entry = {"type": "EntryCorrected", "branch": branch, "date": "2025-03-02", "target": target,
                     "reason": "x", "replacement": {**_activity(branch), "detail": "corrected"}}
    elif action == "register_branch":
        entry = {"type": "BranchRegistered", "branch": f"N{next(_counter)}" if where == "other" else branch,
                 "date": "2025-01-01", "name": "new"}
    elif action == "record_finding":
        entry = {"type": "FindingRecorded", "branch": branch, "date": "2025-12-01", "year": 2025, "item": "L5",
                 "deduction": "1", "reason": "assessed"}
    elif action == "record_violation":
        entry = {"type": "ViolationReported", "branch": branch, "date": "2025-04-02", "discovered_on": "2025-04-01",
                 "severity": "minor", "summary": "late minutes"}
    elif action == "adopt_rulebook":
        from projections.scoring.rulebook import default_rulebook

        book = default_rulebook()
        entry = {"type": "RulebookAdopted", "branch": "ORG", "date": "2026-01-01", "version": book.version,
                 "digest": book.digest, "effective_from": 2026, "content": book.model_dump(mode="json")}
    elif action == "publish_year":
        entry = {"type": "AssessmentPublished", "branch": "ORG", "date": "2026-01-10", "year": 2025,
                 "rulebook_version": "v", "rulebook_digest": "sha256:" + "0" * 64,
                 "scores": [{"branch": "B01", "total": "100", "grade": "meets", "advanced_eligible": True,
                             "digest": "sha256:" + "1" * 64}]}
    elif action == "manage_users":
        someone = f"t{next(_counter)}"
        ledger.add_user(someone, "password-of-someone", "reader")  # by root
        head = ledger.store.head()
        call = lambda: ledger.grant_role(someone, "recorder", "B01", by=user)  # noqa: E731
    try:
        if call is not None:
            call()
        else:
            assert entry is not None
            ledger.record(entry, by=user)
    except PermissionDenied:
        assert ledger.store.head() == head, "a refused action wrote something"
        return "denied"
    except InvalidEntry as error:
        if action == "register_branch" and where == "own":
            return "allowed"  # past the permission check, refused only because B01 exists
        raise AssertionError(f"{user} {action} {where}: {error}") from None
    assert ledger.store.head() > head
    return "allowed"


def test_every_role_every_writing_action_own_and_other_branch(org: Ledger) -> None:
    actual: dict[tuple[str, str, str], str] = {}
    wanted: dict[tuple[str, str, str], str] = {}
    for role in ROLES:
        places = [(a, w) for a in BRANCH_ACTIONS for w in ("own", "other")] + [(a, "org") for a in ORGANISATION_ACTIONS]
        for action, where in places:
            actual[(role, action, where)] = attempt(org, f"u-{role}", action, where)
            wanted[(role, action, where)] = "allowed" if (action, where) in EXPECTED[role] else "denied"
    assert {k: v for k, v in actual.items() if wanted[k] != v} == {}


def test_a_recorder_of_b01_cannot_record_correct_or_retract_for_b02(org: Ledger) -> None:
    target = org.record(_activity("B02")).entry_id
    head = org.store.head()
    attempts: list[dict[str, Any]] = [
        _activity("B02"),
        {"type": "EntryRetracted", "branch": "B02", "date": "2025-03-02", "target": target, "reason": "x"},
        {"type": "EntryCorrected", "branch": "B02", "date": "2025-03-02", "target": target, "reason": "x",
         "replacement": _activity("B02")},
        {"type": "MemberRegistered", "branch": "B02", "date": "2025-02-01", "member": "P09", "name": "李四",
         "status": "full"},
    ]
    for entry in attempts:
        with pytest.raises(PermissionDenied) as refused:
            org.record(entry, by="u-recorder")
        assert "u-recorder" in str(refused.value) and "B02" in str(refused.value)
    assert org.store.head() == head
    assert org.record(_activity("B01"), by="u-recorder").stored


def test_the_issue_case_a_clerk_cannot_retract_another_branchs_violation_report(org: Ledger) -> None:
    report = org.record({"type": "ViolationReported", "branch": "B02", "date": "2025-04-02",
                         "discovered_on": "2025-04-01", "severity": "major", "summary": "x"}, by="u-office")
    retraction = {"type": "EntryRetracted", "branch": "B02", "date": "2025-04-03", "target": report.entry_id,
                  "reason": "not ours"}
    with pytest.raises(PermissionDenied) as refused:
        org.record(retraction, by="u-recorder")
    assert str(refused.value) == "u-recorder may not retract entries for branch B02"
    assert refused.value.in_language("zh") == "u-recorder 无权为支部 B02 撤销条目"
    # nor can a branch's own staff retract the office's report on their branch
    org.add_user("B02-clerk", "password-b02", "recorder", "B02")
    with pytest.raises(PermissionDenied, match="report violations"):
        org.record(retraction, by="B02-clerk")


def test_a_reader_can_write_nothing(org: Ledger) -> None:
    head = org.store.head()
    for entry in (_activity("B01"), _activity("B02"),
                  {"type": "DuesPaid", "branch": "B01", "date": "2025-03-01", "member": "P01",
                   "months": ["2025-03"], "amount": "10"}):
        with pytest.raises(PermissionDenied):
            org.record(entry, by="u-reader")
    with pytest.raises(PermissionDenied):
        org.grant_role("u-reader", "admin", by="u-reader")
    with pytest.raises(PermissionDenied):
        org.set_password("u-recorder", "another-password", by="u-reader")
    assert org.store.head() == head


def test_an_import_by_a_known_user_is_refused_line_by_line_and_writes_nothing(org: Ledger) -> None:
    import json

    from ledger.errors import ImportRejected

    lines = [json.dumps(_activity("B01")), json.dumps(_activity("B02")), json.dumps(_activity("B01"))]
    head = org.store.head()
    with pytest.raises(ImportRejected) as rejected:
        org.import_lines(lambda: lines, by="u-recorder")
    assert [(e.line, e.reason) for e in rejected.value.errors] == [
        (2, "u-recorder may not record entries for branch B02")]
    assert org.store.head() == head
    assert org.import_lines(lambda: [lines[0], lines[2]], by="u-recorder").stored == 2


def test_a_user_whose_roles_are_all_revoked_is_still_known_and_may_do_nothing(org: Ledger) -> None:
    org.revoke_role("u-recorder", "recorder", "B01")
    assert org.user("u-recorder").roles == ()  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        org.record(_activity("B01"), by="u-recorder")


def test_an_unknown_name_acts_as_the_administrator_with_direct_access(org: Ledger) -> None:
    assert org.user("someone-at-the-terminal") is None
    assert org.record(_activity("B02"), by="someone-at-the-terminal").stored


def test_a_known_user_records_as_themselves(org: Ledger) -> None:
    with pytest.raises(InvalidEntry) as refused:
        org.record({**_activity("B01"), "recorded_by": "u-admin"}, by="u-recorder")
    assert refused.value.field == "recorded_by"
    stored = org.record(_activity("B01"), by="u-recorder")
    line = next(line for line in org.export() if stored.entry_id in line)
    assert '"recorded_by": "u-recorder"' in line
    import json

    from ledger.errors import ImportRejected

    with pytest.raises(ImportRejected) as rejected:
        org.import_lines(lambda: [json.dumps({**_activity("B01"), "recorded_by": "u-office"})], by="u-recorder")
    assert rejected.value.errors[0].field == "recorded_by"
    # an administrator migrating another system's records keeps who recorded them
    assert org.import_lines(lambda: [json.dumps({**_activity("B01"), "recorded_by": "old-system"})],
                            by="u-admin").stored == 1


def test_role_entries_are_checked_and_never_retracted(org: Ledger) -> None:
    with pytest.raises(InvalidEntry, match="already holds the role recorder@B01"):
        org.grant_role("u-recorder", "recorder", "B01")
    with pytest.raises(InvalidEntry, match="does not hold the role recorder@B02"):
        org.revoke_role("u-recorder", "recorder", "B02")
    with pytest.raises(InvalidEntry) as unregistered:
        org.grant_role("u-recorder", "recorder", "B77")
    assert unregistered.value.field == "for_branch"
    with pytest.raises(InvalidEntry, match="one branch"):
        org.grant_role("u-reader", "secretary")
    with pytest.raises(InvalidEntry, match="whole organisation"):
        org.grant_role("u-reader", "office", "B01")
    grant = next(line for line in org.export() if '"RoleGranted"' in line)
    import json

    with pytest.raises(InvalidEntry, match="never by retracting"):
        org.record({"type": "EntryRetracted", "branch": "ORG", "date": "2025-06-01",
                    "target": json.loads(grant)["id"], "reason": "x"})


def test_grants_are_entries_in_the_export_and_the_chain(org: Ledger) -> None:
    import json

    org.revoke_role("u-office", "office", by="u-admin")
    lines = [json.loads(line) for line in org.export()]
    roles = [(x["type"], x["user"], x["role"], x.get("for_branch"), x["recorded_by"]) for x in lines
             if x["type"] in ("RoleGranted", "RoleRevoked")]
    assert roles[0] == ("RoleGranted", "u-recorder", "recorder", "B01", "root")
    assert roles[-1] == ("RoleRevoked", "u-office", "office", None, "u-admin")
    assert len(roles) == len(ROLES) + 1
    assert org.verify().ok
    assert org.user("u-office").roles == ()  # type: ignore[union-attr]


def test_exported_grants_imported_into_a_new_store_make_the_same_users_without_passwords(
        org: Ledger, new_store_url: Callable[[str], str]) -> None:
    exported = list(org.export())
    with Ledger(new_store_url("sqlite"), now=lambda: FIXED_NOW, user="root") as copy:
        copy.import_lines(lambda: exported)
        assert [(u.name, u.roles) for u in copy.users()] == [(u.name, u.roles) for u in org.users()]
        assert not any(u.has_password for u in copy.users())


def test_office_reads_every_branch_and_a_secretary_self_checks_only_her_own(org: Ledger) -> None:
    from ledger.access import allowed, branches_allowed

    secretary, office = org.user("u-secretary"), org.user("u-office")
    assert secretary is not None and office is not None
    assert allowed(secretary, "self_check", "B01") and not allowed(secretary, "self_check", "B02")
    assert not allowed(secretary, "audit", "B01") and allowed(office, "audit", "B02")
    assert branches_allowed(secretary, "read") == ("B01",) and branches_allowed(office, "read") is None


def test_a_store_made_before_the_credentials_table_gets_it_on_first_need(store_url: str) -> None:
    with Ledger(store_url, now=lambda: datetime(2026, 6, 1, tzinfo=UTC), user="root") as opened:
        opened.record({"type": "BranchRegistered", "branch": "B01", "date": "2025-01-01", "name": "x"})
        with opened.store.writer() as writer:
            writer.cursor.execute(opened.store.dialect.sql("DROP TABLE {credentials}"))
        assert opened.users() == [] and opened.user("x") is None
        opened.add_user("late", "late-password", "reader")
        assert opened.authenticate("late", "late-password").name == "late"


def test_a_role_revoked_by_another_process_stops_working_at_once(org: Ledger, store_url: str) -> None:
    assert org.record(_activity("B01"), by="u-recorder").stored  # the roles are now folded and kept
    with Ledger(store_url, now=lambda: FIXED_NOW, user="root") as elsewhere:
        elsewhere.revoke_role("u-recorder", "recorder", "B01")
    with pytest.raises(PermissionDenied):
        org.record(_activity("B01"), by="u-recorder")


def test_every_unit_of_work_checks_its_user_whatever_path_opened_it(org: Ledger) -> None:
    from ledger.parsing import parse_entry
    from ledger.unit_of_work import UnitOfWork

    head = org.store.head()
    with pytest.raises(PermissionDenied), org.store.writer() as writer:
        work = UnitOfWork(org.store, writer, now=lambda: FIXED_NOW, user="u-reader")
        work.record(parse_entry(_activity("B01")), "x1")
        work.flush()
    assert org.store.head() == head


def test_assigning_the_old_user_attribute_sets_who_acts(org: Ledger) -> None:
    import copy

    acting = copy.copy(org)
    acting.user = "u-recorder"  # type: ignore[assignment,method-assign]
    assert acting.user_name == "u-recorder" and org.user_name == "root"
    with pytest.raises(PermissionDenied):
        acting.record(_activity("B02"))
    assert acting.user("u-recorder") is not None  # still the method
