"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.usecases.obligations`.
"""

from projections.usecases.obligations import *  # noqa: F403
