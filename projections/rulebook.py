"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.scoring.rulebook`.
"""

from projections.scoring.rulebook import *  # noqa: F403
