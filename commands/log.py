"""``taizhang log KIND``: one subcommand per entry type, generated from the schema.

Options carry the interchange field names (``--from-month`` for
``from_month``); lists are comma-separated (``--present P01,P02``), committee
seats are ``MEMBER:ROLE``; ``--date`` defaults to today.
"""

from __future__ import annotations

import inspect
import json
import re
from datetime import date
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import typer
from pydantic.fields import FieldInfo

from commands.output import DbOption, FormatOption, OutputFormat, print_json, stdout, user_errors
from ledger.schema import COMMON_FIELDS, ENTRY_TYPES, Entry

app = typer.Typer(
    help="Record one entry as it happens (one subcommand per entry type).",
    no_args_is_help=True,
)


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _option_type(info: FieldInfo) -> tuple[Any, str]:
    """The CLI type for a field and how to turn the text back into JSON."""
    annotation = info.annotation
    base = annotation
    if get_origin(annotation) in (Union, UnionType):
        base = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(base) is Annotated:
        base = get_args(base)[0]
    if get_origin(base) is list:
        return str, "list"
    if get_origin(base) is dict:
        return str, "json"
    if base is bool:
        return bool, "plain"
    if base is int:
        return int, "plain"
    if isinstance(base, type) and issubclass(base, Enum):
        return base, "enum"
    return str, "plain"


def _parameters(model: type[Entry]) -> tuple[list[inspect.Parameter], dict[str, tuple[str, str]]]:
    parameters: list[inspect.Parameter] = []
    converters: dict[str, tuple[str, str]] = {}
    for name, info in model.model_fields.items():
        if name in COMMON_FIELDS:
            continue
        public = info.alias or name
        kind, conversion = _option_type(info)
        flag = "--" + public.replace("_", "-")
        required = info.is_required()
        help_text = info.description or ""
        if conversion == "list":
            help_text += " Comma-separated."
            if name == "members":
                help_text = "Committee seats as MEMBER:ROLE, comma-separated."
        if conversion == "json":
            help_text += " A JSON object."
        if kind is bool:
            option = typer.Option(f"{flag}/--no-{flag[2:]}", help=help_text)
            default: Any = info.default
            annotation: Any = Annotated[bool, option]
        else:
            option = typer.Option(flag, help=help_text)
            default = ... if required else None
            annotation = Annotated[kind if required else kind | None, option]
        parameters.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                              annotation=annotation)
        )
        converters[name] = (public, conversion)
    return parameters, converters


def _convert(value: Any, conversion: str, name: str) -> Any:
    if value is None:
        return None
    if conversion == "list":
        items = [item.strip() for item in str(value).split(",")]
        if not all(items):
            raise typer.BadParameter(f"{value!r} has an empty item; list codes separated by single commas")
        if name == "members":
            seats = []
            for item in items:
                member, _, role = item.partition(":")
                seats.append({"member": member, "role": role or "member"})
            return seats
        return items
    if conversion == "json":
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise typer.BadParameter(f"not a JSON object: {error.msg}") from None
    if conversion == "enum":
        return value.value
    return value


def _make_command(type_name: str, model: type[Entry]) -> Any:
    own, converters = _parameters(model)
    common = [
        inspect.Parameter("branch", inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[
            str, typer.Option("--branch", "-b", help="The branch code, e.g. B01.")]),
        inspect.Parameter("on", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
            str | None, typer.Option("--date", help="The business date, YYYY-MM-DD (default today).")]),
        inspect.Parameter("note", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
            str | None, typer.Option("--note", help="A free-text note.")]),
        inspect.Parameter("entry_id", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
            str | None,
            typer.Option("--id", help="Your own id for the entry (recording it again is a no-op)."),
        ]),
        inspect.Parameter("by", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
            str | None, typer.Option("--by", envvar="TAIZHANG_USER",
                                     help="Who records it (default: TAIZHANG_USER or your login).")]),
        inspect.Parameter("yes", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
            bool, typer.Option("--yes", help="Record it even if it looks like one already recorded.")]),
        inspect.Parameter("db", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=DbOption),
        inspect.Parameter("output", inspect.Parameter.KEYWORD_ONLY, default=OutputFormat.table,
                          annotation=FormatOption),
    ]

    def command(**options: Any) -> None:
        raw: dict[str, Any] = {"type": type_name, "branch": options.pop("branch")}
        raw["date"] = options.pop("on") or date.today().isoformat()
        for key, field in (("note", "note"), ("entry_id", "id")):
            value = options.pop(key)
            if value is not None:
                raw[field] = value
        by, db, output, yes = options.pop("by"), options.pop("db"), options.pop("output"), options.pop("yes")
        for name, value in options.items():
            public, conversion = converters[name]
            converted = _convert(value, conversion, name)
            if converted is not None:
                raw[public] = converted
        from ledger.application import Ledger

        with user_errors(), Ledger(db, user=by) as ledger:
            outcome = ledger.record(raw, confirmed=yes)
        if output == OutputFormat.json:
            print_json({"id": outcome.entry_id, "type": outcome.type, "branch": outcome.branch,
                        "stored": outcome.stored,
                        "recorded_at": outcome.recorded_at.isoformat() if outcome.recorded_at else None})
        elif outcome.stored:
            stdout.print(f"recorded {outcome.type} {outcome.entry_id}", highlight=False)
        else:
            stdout.print(f"already recorded: {outcome.type} {outcome.entry_id}", highlight=False)

    parameters = common[:1] + own + common[1:]
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    command.__name__ = kebab(type_name).replace("-", "_")
    command.__doc__ = f"{model.summary}\n\nRecords a {type_name} entry and prints its id."
    return command


for _type_name, _model in ENTRY_TYPES.items():
    _command = _make_command(_type_name, _model)
    app.command(kebab(_type_name))(_command)
    app.command(_type_name, hidden=True)(_command)
