"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.facts`.
"""

from projections.readmodels.facts import *  # noqa: F403
