"""The matrix's answers for the reading actions, and the rules every answer follows (no store needed)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ledger.access import PermissionDenied, UserDisabled, allowed, branches_allowed, require
from ledger.grants import Grant


@dataclass(frozen=True)
class Someone:
    name: str
    roles: tuple[Grant, ...]
    active: bool = True


def holding(role: str, branch: str | None = None, active: bool = True) -> Someone:
    return Someone(f"u-{role}", (Grant(role, branch),), active)


#: reading actions: role -> (own branch B01, other branch B02)
READING = {
    "self_check": {"recorder": (False, False), "secretary": (True, False), "deputy_secretary": (True, False),
                   "office": (True, True), "reader": (False, False), "admin": (True, True)},
    "audit": {"recorder": (False, False), "secretary": (False, False), "deputy_secretary": (False, False),
              "office": (True, True), "reader": (False, False), "admin": (True, True)},
    "what_if": {"recorder": (False, False), "secretary": (False, False), "deputy_secretary": (False, False),
                "office": (True, True), "reader": (False, False), "admin": (True, True)},
    "read": {"recorder": (True, False), "secretary": (True, False), "deputy_secretary": (True, False),
             "office": (True, True), "reader": (True, True), "admin": (True, True)},
}
BRANCH_ROLES = {"recorder", "secretary", "deputy_secretary"}


@pytest.mark.parametrize("action", sorted(READING))
def test_reading_actions_for_every_role_own_and_other_branch(action: str) -> None:
    for role, (own, other) in READING[action].items():
        user = holding(role, "B01" if role in BRANCH_ROLES else None)
        assert (allowed(user, action, "B01"), allowed(user, action, "B02")) == (own, other), (role, action)


def test_a_disabled_user_may_do_nothing_whatever_their_roles() -> None:
    admin = holding("admin", active=False)
    assert not allowed(admin, "read", "B01") and branches_allowed(admin, "read") == ()
    with pytest.raises(UserDisabled):
        require(admin, "read", "B01")


def test_a_branch_role_never_reaches_the_organisation_as_a_whole() -> None:
    secretary = holding("secretary", "B01")
    assert not allowed(secretary, "read", None)
    with pytest.raises(PermissionDenied) as refused:
        require(secretary, "adopt_rulebook", None)
    assert str(refused.value) == "u-secretary may not adopt a rulebook for the organisation"


def test_roles_add_up_and_an_unknown_action_is_an_error() -> None:
    both = Someone("both", (Grant("recorder", "B01"), Grant("secretary", "B02")))
    assert allowed(both, "record_entry", "B01") and allowed(both, "self_check", "B02")
    assert not allowed(both, "self_check", "B01")
    assert branches_allowed(both, "record_entry") == ("B01", "B02")
    with pytest.raises(ValueError):
        allowed(both, "delete_everything", "B01")
