"""Every command of the tree, given missing, wrong-typed and absurd arguments: never a traceback.

The commands are discovered from the Typer app itself, so a command added later is
covered without editing this file. For each parameter of each command, every other
required parameter gets a plausible value and this one an absurd value; the command
may refuse (exit 1, 2 or 3) or do something sensible (exit 0), but it must never raise.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin

import pytest
import typer.main
from typer.testing import CliRunner

from commands.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()
#: commands that do not return on their own (a server, a follower): only their --help is tried
ENDLESS = {("projections", "run"), ("serve",)}
ABSURD: dict[str, list[str]] = {
    "int": ["0", "-1", "99999999999999999999999", "abc", "1e308"],
    "text": ["", "\x00", "B0\u202e5", "x" * 3000, "0001-01-01", "B05\n", "../../etc/passwd"],
    "path": [".", "/dev/full", "/nonexistent/x", ""],
}


# Typer carries its own copy of click (typer._click), so the tree is walked by shape, not by class.
def leaves(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if hasattr(command, "commands"):
        for name, sub in sorted(command.commands.items()):
            yield from leaves(sub, (*path, name))
    else:
        yield path, command


def annotation(parameter: Any) -> Any:
    found = parameter.type_descriptor.annotation
    options = [a for a in get_args(found) if a is not type(None)] if get_origin(found) in (Union, UnionType) else []
    return options[0] if options else found


def kind(parameter: Any) -> str:
    found = annotation(parameter)
    if found is Path:
        return "path"
    if found in (int, float):
        return "int"
    return "text"


def plausible(parameter: Any) -> str:
    name = parameter.name or ""
    found = annotation(parameter)
    if isinstance(found, type) and issubclass(found, Enum):
        return str(next(iter(found)).value)
    if kind(parameter) == "int":
        return "2025" if "year" in name else "1"
    if kind(parameter) == "path":
        return str(EXAMPLES / "model-branch-2025.jsonl")
    if "date" in name or name in ("on", "from_month"):
        return "2025-03-01"
    if "month" in name:
        return "2025-03"
    if name in ("member", "person", "lecturer"):
        return "P01"
    return "B05"


def spell(parameter: Any, value: str) -> list[str]:
    if type(parameter).__name__ in ("Option", "TyperOption"):
        return [parameter.opts[0], value]
    return [value]


def cases(every_value: bool) -> Iterator[Any]:
    """Each command with nothing, then each parameter with absurd values (CI: one value each, rotating)."""
    root = typer.main.get_command(app)
    for path, command in leaves(root):
        if path in ENDLESS or path[:1] in {("serve",)}:
            yield pytest.param(path, ["--help"], id=" ".join((*path, "--help")))
            continue
        parameters = [p for p in command.params if p.name not in ("db", "help") and not getattr(p, "is_flag", False)]
        required = [p for p in parameters if p.required]
        yield pytest.param(path, [], id=" ".join((*path, "(nothing)")))
        for index, target in enumerate(parameters):
            values = ABSURD[kind(target)]
            chosen = values if every_value else [values[(index + len(path[-1])) % len(values)]]
            for value in chosen:
                args: list[str] = []
                for other in required:
                    if other is not target:
                        args += spell(other, plausible(other))
                args += spell(target, value)
                yield pytest.param(path, args, id=f"{' '.join(path)} {target.name}={value[:12]!r}")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('absurd') / 'seeded.db'}"
    result = runner.invoke(app, ["--db", db, "import", str(EXAMPLES / "model-branch-2025.jsonl")])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize(("path", "args"), list(cases(every_value=False)))
def test_no_command_line_ends_in_a_traceback(seeded: str, path: tuple[str, ...], args: list[str]) -> None:
    check(seeded, path, args)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "args"), list(cases(every_value=True)))
def test_no_command_line_ends_in_a_traceback_whatever_the_value(seeded: str, path: tuple[str, ...],
                                                                args: list[str]) -> None:
    check(seeded, path, args)


def check(seeded: str, path: tuple[str, ...], args: list[str]) -> None:
    result = runner.invoke(app, ["--db", seeded, *path, *args], env={"TAIZHANG_DB": seeded},
                           catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"taizhang {' '.join(path)} {args!r} raised") from result.exception
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2, 3), result.output
