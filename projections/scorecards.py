"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.usecases.scorecards`.
"""

from projections.usecases.scorecards import *  # noqa: F403
