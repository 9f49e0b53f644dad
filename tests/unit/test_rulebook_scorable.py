"""A rulebook the engine cannot score is refused at validation, naming the key path; the default is pinned."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from projections.scoring.rulebook import DEFAULT_RULEBOOK, RulebookError, default_rulebook, parse_rulebook
from tests.unit.histories import BRANCH, card_of, member

# The default rulebook's digest: adoptions and publications name it, so it must never move.
DEFAULT_DIGEST = "sha256:06eecff715cbd655626a0137d63aeca9a2bfb3d93accb7cca98faff2d6a41e34"


def default_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_RULEBOOK.read_text(encoding="utf-8"))
    return data


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(RulebookError) as refused:
        parse_rulebook(yaml.safe_dump(data, allow_unicode=True), "mine.yaml")
    return refused.value.problems


def test_the_default_rulebooks_digest_is_what_it_always_was() -> None:
    assert default_rulebook().digest == DEFAULT_DIGEST


def test_dues_brackets_without_an_open_ended_last_bracket_are_refused_with_their_key_path() -> None:
    data = default_data()
    data["dues"] = {"employed": [{"up_to": 3000, "rate": 0.005}], "retired": [{"up_to": None, "rate": 0.01}],
                    "flat_due": 0.2, "monthly_cap": 1000}
    assert problems_of(data) == ["dues.employed: the last bracket must be open-ended (up_to: null)"]


def test_dues_brackets_out_of_order_are_refused() -> None:
    data = default_data()
    data["dues"] = {"employed": [{"up_to": 5000, "rate": 0.01}, {"up_to": 3000, "rate": 0.005},
                                 {"up_to": None, "rate": 0.02}],
                    "retired": [{"up_to": None, "rate": 0.01}], "flat_due": 0.2, "monthly_cap": 1000}
    assert problems_of(data) == ["dues.employed: the brackets' up_to must increase"]


def test_a_cut_off_day_that_some_years_lack_is_refused() -> None:
    data = default_data()
    data["categories"][4]["items"][4]["checks"][1]["designated_before"] = "02-29"
    assert problems_of(data) == [
        "categories[4].items[4].checks[1].designated_before: 02-29 is not a day of every year (MM-DD)"]


def test_an_on_time_field_that_is_not_a_date_is_refused() -> None:
    data = default_data()
    data["categories"][1]["items"][2]["checks"][0]["on_time_field"] = "year"
    assert problems_of(data) == ["categories[1].items[2].checks[0].on_time_field: WorkPlanSubmitted.year is not a date"]


def test_a_scorecards_digest_is_the_same_in_every_display_language() -> None:
    entries = [*BRANCH, member("P01")]
    zh, en = card_of(entries, 2025, "2026-03-01", lang="zh"), card_of(entries, 2025, "2026-03-01", lang="en")
    assert zh.categories[0].name != en.categories[0].name
    assert zh.digest == en.digest
