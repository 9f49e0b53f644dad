"""The application layer's accounts and permission matrix (``ledger/users.py``, ``ledger/access.py``) behind
the web's port (:class:`web.accounts.Accounts`).

Only names are mapped here: each page's action to the matrix's action. Who may do what is
decided by ``ledger.access`` alone.
"""

from __future__ import annotations

from typing import Any

from ledger.i18n import name
from web import accounts as actions
from web.accounts import Account, LoginFailed

#: the web's actions and the matrix's (recording an entry asks the matrix for its type's action)
MATRIX_ACTIONS = {
    actions.READ: "read", actions.CORRECT: "correct_entry", actions.RETRACT: "retract_entry",
    actions.SELF_CHECK: "self_check", actions.AUDIT: "audit", actions.WHAT_IF: "what_if",
    actions.ADOPT: "adopt_rulebook", actions.PUBLISH: "publish_year",
    # the organisation's score sheet: every branch's card, for those who may read every branch
    actions.SCORES: "read",
}


class StoreAccounts:
    """The users of the store the web serves, and the one matrix."""

    def __init__(self, application: Any) -> None:
        self.application = application

    def authenticate(self, user: str, password: str, lang: str) -> Account:
        from ledger.users import LoginRefused

        try:
            account: Account = self.application.authenticate(user, password)
        except LoginRefused as refused:
            raise LoginFailed(refused.in_language(lang), refused.retry_after) from None
        return account

    def stamp(self, account: Any) -> int:
        return int(account.epoch)

    def find(self, user: str, stamp: int) -> Account | None:
        found: Account | None = self.application.session_valid(user, stamp)
        return found

    def roles(self, account: Any, lang: str) -> list[str]:
        return [f"{name(lang, 'access_role', grant.role)}{'@' + grant.branch if grant.branch else ''}"
                for grant in account.roles]

    def allowed(self, account: Any, action: str, branch: str | None) -> bool:
        from ledger import access

        if account is None:
            return False
        if action.startswith(actions.RECORD + ":"):
            wanted = str(access.entry_action(action.split(":", 1)[1]))
        else:
            wanted = MATRIX_ACTIONS[action]
        if action == actions.READ and branch is None:
            # the list of branches: anyone who may read some branch
            return bool(access.branches_allowed(account, wanted) != ())
        if wanted in {str(a) for a in access.ORGANISATION_ACTIONS}:
            branch = None
        return bool(access.allowed(account, wanted, branch))


def adapter(application: Any) -> StoreAccounts:
    return StoreAccounts(application)
