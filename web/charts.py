"""Chart data for the pages: the same numbers as the table beside each chart, drawn by ECharts in the browser.

A chart is a plain dict (categories along the x axis, named series of numbers);
``static/charts.js`` turns it into an ECharts option. Without JavaScript the table is the chart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any


def chart(chart_id: str, title: str, categories: Sequence[str], series: dict[str, Sequence[Any]],
          *, kind: str = "bar", percent: bool = False) -> dict[str, Any]:
    return {"id": chart_id, "title": title, "kind": kind, "percent": percent, "categories": list(categories),
            "series": [{"name": name, "values": [_number(v) for v in values]} for name, values in series.items()]}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | int | float) else float(str(value))


def due_per_month(member_months: Iterable[Any]) -> dict[str, Decimal]:
    """What was due in each month, summed over the member-months that have a base (gaps are left out)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in member_months:
        if row.due is not None:
            totals[row.month] += row.due
    return dict(totals)


def histogram(totals: Iterable[float], width: int = 5, top: int = 100) -> tuple[list[str], list[int]]:
    """How many branches scored in each band of ``width`` points (the last band includes the top)."""
    bands = list(range(0, top, width))
    counts = [0] * len(bands)
    for total in totals:
        index = min(int(total // width), len(bands) - 1)
        counts[max(index, 0)] += 1
    labels = [f"{low}–{low + width}" for low in bands]
    first = next((i for i, c in enumerate(counts) if c), len(counts) - 1)
    return labels[first:], counts[first:]
