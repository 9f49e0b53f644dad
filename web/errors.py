"""What a request can run into, turned into a page by the app's handlers (never a traceback)."""

from __future__ import annotations


class LoginRequired(Exception):
    """The page needs a logged-in user."""


class Forbidden(Exception):
    """The logged-in user may not do this (the permission matrix said no), or the server is read-only."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadForm(Exception):
    """A form arrived without its token (a forged or stale form): nothing is done."""


class NotFound(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
