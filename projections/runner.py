"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.runner`.
"""

from projections.readmodels.runner import *  # noqa: F403
