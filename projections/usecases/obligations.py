"""Obligations ahead for one branch: the rulebook in force, the branch's facts from the views, the checks' expectations.

The rules themselves live in the check kinds (:mod:`projections.scoring.expectations`);
this module only gathers what they need.
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import Connection

from ledger.store import Store
from projections.readmodels.view_facts import view_facts
from projections.scoring.expectations import Obligation
from projections.scoring.expectations import obligations as expected
from projections.usecases.assessment import rulebook_for

__all__ = ["Obligation", "obligations", "quarter_end"]


def quarter_end(day: date) -> date:
    month = ((day.month - 1) // 3 + 1) * 3
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


def obligations(connection: Connection, store: Store, branch: str, on: date) -> list[Obligation]:
    """What the rulebook in force will expect of the branch and is not yet done (the views caught up)."""
    facts = view_facts(connection, [branch], on.year)[branch]
    return expected(branch, facts, on, rulebook_for(store, on.year).book, rulebook_for(store, on.year - 1).book)
