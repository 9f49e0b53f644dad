"""Who holds which role: the roles in effect, folded from ``RoleGranted`` and ``RoleRevoked`` entries.

Grants are entries like every other (who granted what to whom, when), kept in the one
users stream; the roles a user holds now are the grants not revoked since. Pure: no store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ledger.errors import InvalidEntry

ROLE_TYPES = frozenset({"RoleGranted", "RoleRevoked"})


@dataclass(frozen=True, order=True)
class Grant:
    """A role held: for one branch (recorder, secretary, deputy_secretary) or, with ``branch`` None, everywhere."""

    role: str
    branch: str | None = None

    def __str__(self) -> str:
        return f"{self.role}@{self.branch}" if self.branch else self.role


class Grants:
    """Every user's roles in effect, and whether a user was ever named by a grant."""

    def __init__(self) -> None:
        self.held: dict[str, set[Grant]] = {}

    @classmethod
    def fold(cls, events: Iterable[Any]) -> Grants:
        grants = cls()
        for event in events:
            grants.apply(type(event).__name__, event.data)
        return grants

    def apply(self, kind: str, data: dict[str, Any]) -> None:
        grant = Grant(data["role"], data.get("for_branch"))
        held = self.held.setdefault(data["user"], set())
        if kind == "RoleGranted":
            held.add(grant)
        elif kind == "RoleRevoked":
            held.discard(grant)

    def copy(self) -> Grants:
        copied = Grants()
        copied.held = {user: set(held) for user, held in self.held.items()}
        return copied

    def of(self, user: str) -> tuple[Grant, ...]:
        return tuple(sorted(self.held.get(user, ()), key=lambda g: (g.role, g.branch or "")))

    def named(self, user: str) -> bool:
        """Whether a grant ever named the user (a user whose roles were all revoked is still known)."""
        return user in self.held

    def users(self) -> list[str]:
        return sorted(self.held)

    def check(self, kind: str, data: dict[str, Any]) -> None:
        """Raises :class:`InvalidEntry` for a grant already held or a revocation of a role not held."""
        grant = Grant(data["role"], data.get("for_branch"))
        held = grant in self.held.get(data["user"], set())
        if kind == "RoleGranted" and held:
            raise InvalidEntry(f"{data['user']} already holds the role {grant}", "role")
        if kind == "RoleRevoked" and not held:
            raise InvalidEntry(f"{data['user']} does not hold the role {grant}", "role")
