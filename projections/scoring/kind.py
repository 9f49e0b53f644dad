"""What a check kind is: the YAML ``kind`` name, its parameter model and its function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from projections.scoring.context import Context, Result


@dataclass(frozen=True)
class CheckKind:
    """A YAML check kind: its name, its parameter model and the function that evaluates it."""

    name: str
    model: type[BaseModel]
    evaluate: Callable[[Context, Any], Result]
