"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.queries`.
"""

from projections.readmodels.queries import *  # noqa: F403
