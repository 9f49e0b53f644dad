"""Logins: argon2id hashes kept out of the log, disabled users, sessions, failed logins slowed (injected clock)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

import ledger.users
from ledger.access import UserDisabled
from ledger.application import Ledger
from ledger.users import LoginRefused, UserExists


class Clock:
    """A clock the test moves by hand (no sleeps)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def users(store_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Ledger]:
    monkeypatch.setattr(ledger.users, "PASSWORD_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    with Ledger(store_url, now=clock, user="root") as opened:
        opened.record({"type": "BranchRegistered", "branch": "B01", "date": "2025-01-01", "name": "一支部"})
        opened.add_user("clerk", "correct horse", "recorder", "B01")
        yield opened


def refusal(users: Ledger, name: str, password: str) -> LoginRefused:
    with pytest.raises(LoginRefused) as refused:
        users.authenticate(name, password)
    return refused.value


def test_passwords_are_hashed_with_argon2id_and_never_written_to_the_log(store_url: str) -> None:
    with Ledger(store_url, user="root") as opened:  # the real hasher, with its default costs
        opened.add_user("auditor", "a long secret phrase", "reader")
        with opened.store.dialect.read_cursor() as cursor:
            rows = opened.store.dialect.fetchall(cursor, "SELECT password_hash FROM {credentials}")
        assert rows[0][0].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        exported = "\n".join(opened.export())
        assert '"RoleGranted"' in exported and '"auditor"' in exported
        assert "argon2" not in exported and "a long secret phrase" not in exported and rows[0][0] not in exported
        assert opened.authenticate("auditor", "a long secret phrase").roles[0].role == "reader"


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(users: Ledger) -> None:
    assert str(refusal(users, "clerk", "wrong horse")) == "wrong name or password"
    assert str(refusal(users, "nobody", "correct horse")) == "wrong name or password"
    assert refusal(users, "clerk", "wrong horse").in_language("zh") == "用户名或密码错误"


def test_a_disabled_user_cannot_log_in_and_their_sessions_are_refused(users: Ledger) -> None:
    session = users.authenticate("clerk", "correct horse")
    assert users.session_valid("clerk", session.epoch) is not None
    users.disable_user("clerk")
    assert str(refusal(users, "clerk", "correct horse")) == "account disabled"
    assert str(refusal(users, "clerk", "wrong horse")) == "wrong name or password"  # nothing said to a guesser
    assert users.session_valid("clerk", session.epoch) is None
    with pytest.raises(UserDisabled):
        users.record({"type": "ActivityLogged", "branch": "B01", "date": "2025-03-01", "kind": "themed_party_day"},
                     by="clerk")
    users.enable_user("clerk")
    again = users.authenticate("clerk", "correct horse")
    assert again.epoch > session.epoch and users.session_valid("clerk", session.epoch) is None


def test_a_new_password_ends_the_other_sessions(users: Ledger) -> None:
    before = users.authenticate("clerk", "correct horse")
    with pytest.raises(LoginRefused):
        users.change_password("clerk", "not the password", "battery staple")
    users.change_password("clerk", "correct horse", "battery staple")
    assert users.session_valid("clerk", before.epoch) is None
    assert str(refusal(users, "clerk", "correct horse")) == "wrong name or password"
    assert users.authenticate("clerk", "battery staple").name == "clerk"


def test_an_erased_password_cannot_log_in_until_a_new_one_is_set(users: Ledger) -> None:
    users.erase_password("clerk")
    assert users.user("clerk").has_password is False  # type: ignore[union-attr]
    assert str(refusal(users, "clerk", "correct horse")) == "wrong name or password"
    users.set_password("clerk", "a fresh password")
    assert users.authenticate("clerk", "a fresh password").name == "clerk"


def test_failed_logins_are_slowed_then_locked_with_backoff(users: Ledger, clock: Clock) -> None:
    for _ in range(4):
        assert refusal(users, "clerk", "guess").retry_after is None
    fifth = refusal(users, "clerk", "guess")
    assert (str(fifth), fifth.retry_after) == ("too many attempts, try again in 30 s", 30)
    clock.advance(10)
    locked = refusal(users, "clerk", "correct horse")  # even the right password waits
    assert locked.retry_after == 20 and locked.in_language("zh") == "尝试次数过多，请 20 秒后再试"
    clock.advance(21)
    assert refusal(users, "clerk", "guess").retry_after == 60  # the sixth failure doubles the wait
    clock.advance(61)
    assert users.authenticate("clerk", "correct horse").name == "clerk"
    for _ in range(4):  # a success starts the count again
        assert refusal(users, "clerk", "guess").retry_after is None


def test_the_longest_lock_is_fifteen_minutes() -> None:
    from ledger.users import lock_for

    assert [lock_for(n) for n in (4, 5, 6, 7)] == [None, timedelta(seconds=30), timedelta(seconds=60),
                                                    timedelta(seconds=120)]
    assert lock_for(50) == timedelta(minutes=15)


def test_a_name_is_added_once_and_passwords_have_a_length(users: Ledger) -> None:
    from ledger.errors import InvalidEntry
    from ledger.users import BadPassword

    with pytest.raises(UserExists):
        users.add_user("clerk", "another password", "reader")
    with pytest.raises(BadPassword):
        users.add_user("short", "1234567", "reader")
    with pytest.raises(InvalidEntry) as bad_name:
        users.add_user("has space", "long enough", "reader")
    assert bad_name.value.field == "name"
    with pytest.raises(InvalidEntry) as bad_role:
        users.add_user("x", "long enough", "chief")
    assert bad_role.value.field == "role"
    assert [u.name for u in users.users()] == ["clerk"]
