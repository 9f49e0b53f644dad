"""Who may do what: ONE permission matrix (role × action × own/other branch), as data.

Roles follow Article 3 of the method (``docs/method/rubric.md``): a branch's party-affairs
staff record (recorder); the secretary and deputy secretary answer for the branch and check
it themselves (自查); the organ party committee's office assesses every branch (findings,
violation reports, rulebooks, publication, audit, what-if); readers see everything and
change nothing; the administrator also manages users.

Every face (the CLI, the web) asks :func:`allowed` or :func:`require`; the application
(``ledger.application``) checks every entry a known user records with :func:`check_entry`.
``docs/access.md`` prints :data:`MATRIX` (``taizhang access``), so the docs cannot go stale.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Protocol

from ledger.errors import TranslatedError
from ledger.grants import Grant
from ledger.i18n import N_, name
from ledger.schema import AccessRole


class Action(StrEnum):
    """What a user may be allowed to do; the writing ones are checked on every entry recorded."""

    RECORD_ENTRY = "record_entry"  # any entry of a branch not named below
    CORRECT_ENTRY = "correct_entry"
    RETRACT_ENTRY = "retract_entry"
    REGISTER_BRANCH = "register_branch"  # BranchRegistered: a branch comes into the organisation
    RECORD_FINDING = "record_finding"  # FindingRecorded: the assessor's deduction
    RECORD_VIOLATION = "record_violation"  # ViolationReported
    ADOPT_RULEBOOK = "adopt_rulebook"  # RulebookAdopted
    PUBLISH_YEAR = "publish_year"  # AssessmentPublished (通报)
    MANAGE_USERS = "manage_users"  # users, passwords, RoleGranted and RoleRevoked
    SELF_CHECK = "self_check"  # the branch's scorecard as it stands (自查, Article 5)
    AUDIT = "audit"  # replay a branch-year as of a moment
    WHAT_IF = "what_if"  # score under an uploaded rulebook, with its diff
    READ = "read"  # the 台帐, attendance, dues, roster, obligations


class Scope(StrEnum):
    OWN = "own"  # only the branch the role is held for
    ALL = "all"  # every branch, and the organisation's own entries


#: the actions that record entries (each entry type needs one of them; see ``entry_action``)
WRITING_ACTIONS: Final = (
    Action.RECORD_ENTRY, Action.CORRECT_ENTRY, Action.RETRACT_ENTRY, Action.REGISTER_BRANCH,
    Action.RECORD_FINDING, Action.RECORD_VIOLATION, Action.ADOPT_RULEBOOK, Action.PUBLISH_YEAR,
    Action.MANAGE_USERS,
)
#: actions on the organisation as a whole: no branch is "own" for them
ORGANISATION_ACTIONS: Final = frozenset({Action.ADOPT_RULEBOOK, Action.PUBLISH_YEAR, Action.MANAGE_USERS})

_BRANCH_STAFF: Final = {
    Action.RECORD_ENTRY: Scope.OWN, Action.CORRECT_ENTRY: Scope.OWN, Action.RETRACT_ENTRY: Scope.OWN,
    Action.READ: Scope.OWN,
}
_SECRETARY: Final = {**_BRANCH_STAFF, Action.SELF_CHECK: Scope.OWN}

#: role → action → scope; an action a role lacks is not allowed to it
MATRIX: Final[dict[AccessRole, dict[Action, Scope]]] = {
    AccessRole.RECORDER: dict(_BRANCH_STAFF),
    AccessRole.SECRETARY: dict(_SECRETARY),
    AccessRole.DEPUTY_SECRETARY: dict(_SECRETARY),
    AccessRole.OFFICE: {action: Scope.ALL for action in Action if action != Action.MANAGE_USERS},
    AccessRole.READER: {Action.READ: Scope.ALL},
    AccessRole.ADMIN: dict.fromkeys(Action, Scope.ALL),
}

#: entry type → the action recording it needs (every other type: record_entry)
ENTRY_ACTIONS: Final[dict[str, Action]] = {
    "BranchRegistered": Action.REGISTER_BRANCH,
    "FindingRecorded": Action.RECORD_FINDING,
    "ViolationReported": Action.RECORD_VIOLATION,
    "RulebookAdopted": Action.ADOPT_RULEBOOK,
    "AssessmentPublished": Action.PUBLISH_YEAR,
    "RoleGranted": Action.MANAGE_USERS,
    "RoleRevoked": Action.MANAGE_USERS,
    "EntryRetracted": Action.RETRACT_ENTRY,
    "EntryCorrected": Action.CORRECT_ENTRY,
}


class User(Protocol):
    """What the matrix needs of a user (``ledger.users.UserAccount`` is one)."""

    @property
    def name(self) -> str: ...

    @property
    def roles(self) -> tuple[Grant, ...]: ...

    @property
    def active(self) -> bool: ...


class PermissionDenied(TranslatedError):
    """A user tried something their roles do not allow; nothing was written.

    Attributes:
        user: the user's name; action: the action refused; branch: the branch, or None for the organisation.
    """

    def __init__(self, user: str, action: str, branch: str | None) -> None:
        self.user, self.action, self.branch = user, action, branch
        if branch is None:
            super().__init__(N_("{user} may not {action} for the organisation"), user=user, action=action)
        else:
            super().__init__(N_("{user} may not {action} for branch {branch}"), user=user, action=action,
                             branch=branch)

    def in_language(self, lang: str) -> str:
        from ledger.i18n import text

        return text(lang, self.msgid, **{**self.params, "action": name(lang, "access_action", self.action)})


class UserDisabled(TranslatedError):
    """A disabled user tried to record something."""

    def __init__(self, user: str) -> None:
        self.user = user
        super().__init__(N_("{user} is disabled and may do nothing"), user=user)


def allowed(user: User, action: str, branch: str | None) -> bool:
    """Whether ``user`` may do ``action`` for ``branch`` (None: the organisation as a whole)."""
    if not user.active:
        return False
    wanted = Action(action)
    for grant in user.roles:
        scope = MATRIX.get(AccessRole(grant.role), {}).get(wanted)
        if scope == Scope.ALL:
            return True
        if scope == Scope.OWN and branch is not None and grant.branch == branch:
            return True
    return False


def require(user: User, action: str, branch: str | None) -> None:
    """Raises :class:`PermissionDenied` (or :class:`UserDisabled`) unless :func:`allowed`."""
    if not user.active:
        raise UserDisabled(user.name)
    if not allowed(user, action, branch):
        raise PermissionDenied(user.name, str(action), branch)


def branches_allowed(user: User, action: str) -> tuple[str, ...] | None:
    """The branches ``user`` may do ``action`` for: None means every branch (a face filters its lists by it)."""
    if not user.active:
        return ()
    wanted = Action(action)
    own: set[str] = set()
    for grant in user.roles:
        scope = MATRIX.get(AccessRole(grant.role), {}).get(wanted)
        if scope == Scope.ALL:
            return None
        if scope == Scope.OWN and grant.branch is not None:
            own.add(grant.branch)
    return tuple(sorted(own))


def entry_action(entry_type: str) -> Action:
    """The action recording an entry of this type needs."""
    return ENTRY_ACTIONS.get(entry_type, Action.RECORD_ENTRY)


def check_entry(
    user: User, entry_type: str, branch: str, *, organisation_level: bool,
    target_type: str | None = None,
) -> None:
    """Raises unless ``user`` may record this entry.

    ``organisation_level``: the entry (or the entry it overrides) belongs to the organisation,
    not to a branch (rulebooks, publications, grants). A retraction or correction needs
    its own action and also the action of the entry it overrides, so a recorder cannot
    retract the office's finding in their branch.
    """
    scope = None if organisation_level else branch
    require(user, entry_action(entry_type), scope)
    if target_type is not None:
        require(user, entry_action(target_type), scope)


def matrix_rows() -> list[tuple[str, list[str]]]:
    """The matrix as rows (role, one scope code per action in :class:`Action` order: "own", "all" or "")."""
    return [(role.value, [str(MATRIX[role].get(action, "")) for action in Action]) for role in AccessRole]
