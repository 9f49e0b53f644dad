"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.engine`.
"""

from projections.readmodels.engine import *  # noqa: F403
