"""Serves the web face with the test logins (the accounts port's stand-in) for the browser test.

usage: python -m tests.web.serve_stand_in STORE_URL PORT
"""

from __future__ import annotations

import sys

import uvicorn

from tests.web.conftest import people
from web.app import create_app

if __name__ == "__main__":
    url, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run(create_app(url, accounts=people(), secret="browser-test"), host="127.0.0.1", port=port,
                log_level="warning")
