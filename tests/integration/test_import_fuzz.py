"""Fuzzing import: valid lines mutated into bad ones are each refused by number, nothing is written.

Each example writes a file of lines taken from a stored history (so, unmutated,
each is "already stored"), mutates some of them in ways that make a line
certainly wrong (wrong types, missing and extra fields, nulls, huge strings,
control characters, invalid UTF-8, impossible dates, NaN, negative and huge
amounts, unknown codes, SQL-looking codes, broken JSON), applies harmless
changes (a byte-order mark, CRLF) to others, imports it through the CLI and
checks: exit 1, no traceback, exactly the mutated lines named, the store
unchanged. ``FUZZ_EXAMPLES`` files of up to ``LINES_PER_FILE`` lines run in the
suite (about 3,000 lines); the ``slow`` marker runs twenty times as many.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from commands.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()
FUZZ_EXAMPLES = 40
LINES_PER_FILE = 150
SEED = (EXAMPLES / "model-branch-2025.jsonl").read_text().splitlines()[:12]
PAYMENTS = [
    json.dumps({"id": f"fuzz-pay-{n}", "type": "DuesPaid", "branch": "B05", "date": "2025-01-06",
                "member": f"P{n:02d}", "months": ["2025-01"], "amount": "20.00"})
    for n in range(1, 6)
]
BASE = SEED + PAYMENTS
CONTROL = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]]
SQL = ["B05'; DROP TABLE stored_events; --", "P01' OR '1'='1", "x\"); DELETE FROM entries; --"]
IMPOSSIBLE_DATES = ["2025-02-30", "2025-13-01", "2025-00-10", "0000-01-01", "20250106", "2025-1-6",
                    "2025-01-06T00:00", "", "yesterday", "2025-02-29"]
BAD_AMOUNTS: list[Any] = ["NaN", "-5.00", "0", "0.00", "1e308", "Infinity", "-Infinity", "1" * 32,
                          "20.001", "twenty", "", "20,00", True, None, [], {}]
WRONG_TYPES: list[Any] = [1, 2.5, True, None, [], {}, ["2025-01-06"], {"d": 1}]

Mutation = Callable[[dict[str, Any]], bytes]


def encoded(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, ensure_ascii=False).encode()


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    """One way of making a line certainly wrong; applied to the line's parsed object."""
    kind = draw(st.sampled_from([
        "wrong type", "missing field", "extra field", "null", "huge string", "huge code",
        "control character", "invalid utf-8", "impossible date", "bad amount", "unknown type",
        "sql code", "broken json", "not an object",
    ]))
    if kind == "wrong type":
        field, value = draw(st.sampled_from(["date", "branch", "type"])), draw(st.sampled_from(WRONG_TYPES))
        return lambda entry: encoded({**entry, field: value})
    if kind == "missing field":
        field = draw(st.sampled_from(["type", "date", "branch"]))
        return lambda entry: encoded({k: v for k, v in entry.items() if k != field})
    if kind == "extra field":
        field = draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=20).filter(
            lambda name: name not in {"id", "type", "branch", "date", "recorded_at", "recorded_by", "note",
                                      "member", "months", "amount", "name", "status", "top_up"}))
        value = draw(st.one_of(st.none(), st.integers(), st.text(max_size=20)))
        return lambda entry: encoded({**entry, field: value})
    if kind == "null":
        field = draw(st.sampled_from(["date", "branch", "type"]))
        return lambda entry: encoded({**entry, field: None})
    if kind == "huge string":
        size = draw(st.integers(2001, 200_000))
        return lambda entry: encoded({**entry, "note": "长" * size})
    if kind == "huge code":
        size = draw(st.integers(65, 100_000))
        return lambda entry: encoded({**entry, "branch": "B" * size})
    if kind == "control character":
        character = draw(st.sampled_from(CONTROL))
        where = draw(st.sampled_from(["note", "branch"]))
        return lambda entry: encoded({**entry, where: f"a{character}b"})
    if kind == "invalid utf-8":
        raw = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80", b"\xf8\x88\x80\x80\x80"]))
        return lambda entry: encoded({**entry, "note": "@@"}).replace(b"@@", b"a" + raw + b"b")
    if kind == "impossible date":
        day = draw(st.sampled_from(IMPOSSIBLE_DATES))
        return lambda entry: encoded({**entry, "date": day})
    if kind == "bad amount":
        amount = draw(st.sampled_from(BAD_AMOUNTS))
        return lambda entry: encoded({**entry, "type": "DuesPaid", "member": "P01", "months": ["2025-01"],
                                      "amount": amount})
    if kind == "unknown type":
        name = draw(st.text(min_size=1, max_size=30))
        return lambda entry: encoded({**entry, "type": "X" + name})
    if kind == "sql code":
        value = draw(st.sampled_from(SQL))
        field = draw(st.sampled_from(["branch", "member"]))
        return lambda entry: encoded({**entry, "type": "DuesPaid", "member": "P01", "months": ["2025-01"],
                                      "amount": "20.00", field: value})
    if kind == "broken json":
        cut = draw(st.integers(1, 40))
        return lambda entry: encoded(entry)[:cut]
    value = draw(st.sampled_from([b"[]", b"1", b'"x"', b"null", b"true", b"[{}]"]))
    return lambda entry: value


@st.composite
def files(draw: st.DrawFn, size: int) -> tuple[list[bytes], set[int]]:
    """Lines (without their line breaks) and the numbers of the bad ones."""
    count = draw(st.integers(1, size))
    lines: list[bytes] = []
    bad: set[int] = set()
    for number in range(1, count + 1):
        entry = json.loads(draw(st.sampled_from(BASE)))
        if draw(st.integers(0, 3)) == 0 or (number == count and not bad):
            entry.pop("id", None)  # a mutated line is never explained away as a conflicting id
            lines.append(draw(mutations())(entry))
            bad.add(number)
            continue
        line = encoded(entry)
        if draw(st.booleans()):
            line = draw(st.sampled_from([b"\xef\xbb\xbf", b""])) + line + draw(st.sampled_from([b"\r", b""]))
        lines.append(line)
    return lines, bad


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("fuzz")
    db = f"sqlite:///{folder / 'fuzz.db'}"
    history = folder / "history.jsonl"
    history.write_text("\n".join(BASE) + "\n")
    result = runner.invoke(app, ["import", str(history), "--db", db])
    assert result.exit_code == 0, result.output
    return db, folder


def check_refused(store: tuple[str, Path], lines: list[bytes], bad: set[int]) -> None:
    db, folder = store
    before = runner.invoke(app, ["export", "--db", db]).stdout
    file = folder / "fuzzed.jsonl"
    file.write_bytes(b"\n".join(lines) + b"\n")
    result = runner.invoke(app, ["import", str(file), "--format", "json", "--db", db])
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    errors = json.loads(result.stdout)["errors"]
    assert all(error["reason"] for error in errors)
    assert {error["line"] for error in errors} == bad
    assert runner.invoke(app, ["export", "--db", db]).stdout == before


@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(plan=files(LINES_PER_FILE))
def test_every_mutated_line_is_refused_by_number_and_nothing_is_written(
        store: tuple[str, Path], plan: tuple[list[bytes], set[int]]) -> None:
    check_refused(store, *plan)


@pytest.mark.slow
@settings(max_examples=FUZZ_EXAMPLES * 20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(plan=files(LINES_PER_FILE))
def test_a_long_fuzz_run_refuses_every_mutated_line(
        store: tuple[str, Path], plan: tuple[list[bytes], set[int]]) -> None:
    check_refused(store, *plan)
