"""The pure scoring package: rulebooks as data, the engine, the scorecard.

It imports nothing from SQLAlchemy, eventsourcing, the read models or the
CLI (an import contract in ``pyproject.toml`` checks it). The check kinds
live one a module in :mod:`projections.scoring.checks`, listed in
:mod:`projections.scoring.registry`.

The names below are also what ``projections/scoring.py`` exported before
the package existed, so older imports keep working.
"""

from __future__ import annotations

from projections.scoring.cards import (
    ZERO,
    CategoryCard,
    CheckTrace,
    Deduction,
    ItemCard,
    Scorecard,
    card_digest,
    without_trace,
)
from projections.scoring.context import Context, Result, matches
from projections.scoring.engine import score

__all__ = ["ZERO", "CategoryCard", "CheckTrace", "Context", "Deduction", "ItemCard", "Result", "Scorecard",
           "card_digest", "matches", "score", "without_trace"]
