"""Deprecated import path, kept so that code written against the old layout works.

Use :mod:`projections.scoring.dues`.
"""

from projections.scoring.dues import *  # noqa: F403
