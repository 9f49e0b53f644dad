"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.views`.
"""

from projections.readmodels.views import *  # noqa: F403
