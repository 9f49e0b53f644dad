"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.describe`.
"""

from projections.readmodels.describe import *  # noqa: F403
