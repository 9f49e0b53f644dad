"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.usecases.assessment`.
"""

from projections.usecases.assessment import *  # noqa: F403
