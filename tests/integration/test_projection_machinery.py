"""Status, rebuild, and a projection whose code changed being rebuilt, not mixed."""

from __future__ import annotations

from ledger.application import Ledger
from projections.runner import Runner
from projections.views import Views
from tests.conftest import import_example
from tests.integration.views_helpers import dump, runner


class ViewsV2(Views):
    version = Views.version + 1


def test_status_reports_position_head_and_lag(ledger: Ledger) -> None:
    import_example(ledger, "model-branch-2025")
    views = runner(ledger.store)
    assert (views.status().position, views.status().head, views.status().lag) == (0, 102, 102)
    views.catch_up()
    import_example(ledger, "troubled-branch-2025")
    status = views.status()
    assert (status.position, status.head, status.lag, status.current_code) == (102, 220, 118, True)


def test_a_changed_projection_is_detected_and_rebuilt_on_the_next_catch_up(ledger: Ledger) -> None:
    import_example(ledger, "troubled-branch-2025")
    runner(ledger.store).catch_up()
    before = dump(ledger.store)
    changed = Runner(ledger.store, ViewsV2(ledger.store))
    assert changed.status().current_code is False
    changed.catch_up()
    assert changed.rebuilt_because == "its code or table definitions changed"
    assert changed.status().current_code is True
    assert dump(ledger.store) == before


def test_an_interrupted_rebuild_is_started_again(ledger: Ledger) -> None:
    import_example(ledger, "troubled-branch-2025")
    views = runner(ledger.store)
    views.catch_up()
    before = dump(ledger.store)
    with views.engine.begin() as connection:
        views._reset(connection, defer_indexes=True)  # as a rebuild that died before finishing
    assert views.status().current_code is False
    fresh = runner(ledger.store)
    fresh.catch_up()
    assert fresh.rebuilt_because is not None
    assert dump(ledger.store) == before


def test_two_runners_starting_together_on_a_fresh_store_both_catch_up(ledger: Ledger) -> None:
    import threading

    import_example(ledger, "model-branch-2025")
    runners = [runner(ledger.store) for _ in range(4)]
    start = threading.Barrier(len(runners))
    failures: list[BaseException] = []

    def go(each: Runner) -> None:
        start.wait()
        try:
            each.catch_up()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=go, args=(each,)) for each in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert all(each.status().lag == 0 for each in runners)
