"""The registry of check kinds: each YAML ``kind`` and the module that holds its model and function.

Adding a check kind is one new module under ``checks/`` (its parameter
model, its function, a docstring, and ``KIND``) and one line here.
"""

from __future__ import annotations

from pydantic import BaseModel

from projections.scoring.checks import (
    attendance_rate,
    committee_in_term,
    deadline,
    dues,
    evaluation,
    member_quota,
    min_count,
    per_occurrence,
    required,
    untrained_activists,
)
from projections.scoring.kind import CheckKind

KINDS: tuple[CheckKind, ...] = (
    required.KIND, min_count.KIND, per_occurrence.KIND, attendance_rate.KIND, member_quota.KIND,
    deadline.KIND, dues.KIND, evaluation.KIND, untrained_activists.KIND, committee_in_term.KIND,
)
BY_NAME: dict[str, CheckKind] = {kind.name: kind for kind in KINDS}
BY_MODEL: dict[type[BaseModel], CheckKind] = {kind.model: kind for kind in KINDS}
