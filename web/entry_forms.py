"""One form per entry type, generated from the entry schema (``ledger.schema``), and a posted form back to an entry.

The form only gathers what a user typed into the interchange's shape (the same raw
object an import line or ``taizhang log`` gives); the entry models validate it, so a
refused form shows the very message an import would, by the field it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic.fields import FieldInfo
from starlette.datastructures import FormData

from ledger.schema import COMMON_FIELDS, ENTRY_TYPES, CommitteeSeat, Entry
from ledger.values import check_month, check_quarter

#: entry types with a page of their own rather than a generated form (rulebooks, publication, overrides),
#: and the grants of roles, which ``taizhang users`` records
OWN_PAGES = frozenset({"RulebookAdopted", "AssessmentPublished", "EntryRetracted", "EntryCorrected",
                       "RoleGranted", "RoleRevoked"})
FORM_TYPES = tuple(kind for kind in ENTRY_TYPES if kind not in OWN_PAGES)
#: fields listing members on the roster on the entry's date: a box per member
MEMBER_LISTS = frozenset({"present", "expected", "excused", "evaluated", "forms"})
#: entry types whose ``member`` is a new code, not someone already on the roster
NEW_MEMBER = frozenset({"MemberRegistered", "MemberTransferredIn", "MemberAdmitted"})


@dataclass
class FormField:
    """One input of a generated form.

    ``widget`` is one of text, date, month, quarter, number, money, select, checkbox,
    member (one roster member), members (boxes for roster members), seats (a role per
    roster member), list (comma-separated values).
    """

    name: str
    widget: str
    required: bool
    description: str
    vocabulary: str | None = None
    options: list[str] = field(default_factory=list)
    default: Any = None


def _vocabulary(kind: type[Enum]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind.__name__).lower()


def _base(info: FieldInfo) -> Any:
    annotation = info.annotation
    if get_origin(annotation) in (Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    return annotation


def _validators(info: FieldInfo) -> set[Any]:
    return {getattr(m, "func", None) for m in info.metadata}


def _widget(type_name: str, public: str, info: FieldInfo) -> tuple[str, str | None, list[str]]:
    base = _base(info)
    if public == "members" and get_args(base) == (CommitteeSeat,):
        return "seats", "role", [role.value for role in CommitteeSeat.model_fields["role"].annotation]  # type: ignore[union-attr]
    if public in MEMBER_LISTS:
        return "members", None, []
    if public == "member" and type_name not in NEW_MEMBER:
        return "member", None, []
    if get_origin(base) is list:
        return "list", None, []
    if isinstance(base, type) and issubclass(base, Enum):
        return "select", _vocabulary(base), [item.value for item in base]
    if base is bool:
        return "checkbox", None, []
    if base is date:
        return "date", None, []
    if base is Decimal:
        return "money", None, []
    if base is int:
        return "number", None, []
    checks = _validators(info)
    if check_month in checks:
        return "month", None, []
    if check_quarter in checks:
        return "quarter", None, []
    return "text", None, []


def fields_of(type_name: str) -> list[FormField]:
    """The inputs of an entry type's form, in the schema's order (the common branch, date and note apart)."""
    model: type[Entry] = ENTRY_TYPES[type_name]
    result = []
    for attribute, info in model.model_fields.items():
        if attribute in COMMON_FIELDS:
            continue
        public = info.alias or attribute
        widget, vocabulary, options = _widget(type_name, public, info)
        default = None if info.is_required() else info.default
        result.append(FormField(public, widget, info.is_required(), info.description or "", vocabulary, options,
                                default))
    return result


def raw_entry(type_name: str, branch: str, form: FormData) -> dict[str, Any]:
    """The posted form as an interchange object (what ``taizhang log`` builds from its options).

    Values stay text: the entry model parses them, with the messages an import gives.
    Empty inputs are left out, as an option not given.
    """
    raw: dict[str, Any] = {"type": type_name, "branch": branch}
    for key in ("date", "note"):
        value = _text(form.get(key))
        if value:
            raw[key] = value
    for spec in fields_of(type_name):
        value = _value(spec, form)
        if value is not None:
            raw[spec.name] = value
    return raw


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _value(spec: FormField, form: FormData) -> Any:
    if spec.widget == "members":
        picked = [code for code in (_text(v) for v in form.getlist(spec.name)) if code]
        return picked or None
    if spec.widget == "seats":
        seats = []
        for key, role in form.multi_items():
            if key.startswith(f"{spec.name}.") and _text(role):
                seats.append({"member": key.split(".", 1)[1], "role": _text(role)})
        return seats or None
    if spec.widget == "checkbox":
        chosen = form.getlist(spec.name)
        if not chosen:
            return None
        return _text(chosen[-1]) == "true"
    value = _text(form.get(spec.name))
    if not value:
        return None
    if spec.widget == "list":
        return [item.strip() for item in re.split(r"[,，\s]+", value) if item.strip()]
    return value


def form_values(data: dict[str, Any]) -> dict[str, Any]:
    """An entry's stored fields as the form shows them (to correct it)."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "members" and isinstance(value, list):
            values[key] = {seat["member"]: seat["role"] for seat in value}
        elif isinstance(value, list):
            values[key] = value if key in MEMBER_LISTS else ", ".join(str(v) for v in value)
        else:
            values[key] = value
    return values


def field_of_error(path: str | None, prefix: str = "") -> str | None:
    """The form input an error's key path points at (``present[2]`` → ``present``)."""
    if not path:
        return None
    if prefix and path.startswith(prefix):
        path = path[len(prefix):]
    return re.split(r"[\[.]", path, maxsplit=1)[0] or None
