"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.tables`.
"""

from projections.readmodels.tables import *  # noqa: F403
