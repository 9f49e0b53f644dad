"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.bulk`.
"""

from projections.readmodels.bulk import *  # noqa: F403
