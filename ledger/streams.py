"""Stream ids: one stream per branch, one per branch and business year.

The branch stream holds registration, committee, membership and development
entries: the state every other entry is checked against, short because such
entries are few. Meetings, activities, reports, study, dues, discipline,
evaluation and findings go to the branch-year stream of their business date,
so no stream grows beyond one branch's year. Retractions and corrections go
to the stream of the entry they override. Rulebook adoptions and published
assessments go to the one organisation stream; role grants and revocations
to the one users stream.
"""

from __future__ import annotations

from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

NAMESPACE = uuid5(NAMESPACE_URL, "https://taizhang.example/streams")


@lru_cache(maxsize=65536)
def branch_stream(code: str) -> UUID:
    return uuid5(NAMESPACE, f"branch/{code}")


ORGANISATION = uuid5(NAMESPACE, "organisation")
#: role grants and revocations (RoleGranted, RoleRevoked): who may record what
USERS = uuid5(NAMESPACE, "users")


@lru_cache(maxsize=65536)
def year_stream(code: str, year: int) -> UUID:
    return uuid5(NAMESPACE, f"branch/{code}/{year}")
