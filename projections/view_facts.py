"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.readmodels.view_facts`.
"""

from projections.readmodels.view_facts import *  # noqa: F403
