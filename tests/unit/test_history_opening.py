"""A long history opens on its own thread (the integrity check reads the whole file
beside Textual's import), a short one at once: either way every use waits for it, a
damaged file is still moved aside before anything reads it, and what the opening says is
told once, on the caller's thread. Each test runs both ways."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from history_support import damaged_database, default_routine, record

from backtimer import paths
from backtimer.history.store import HistoryStore
from backtimer.run import recorder, wiring
from backtimer.run.options import RunOptions
from backtimer.run.wiring import History

START = datetime(2026, 3, 3, 8, 0)


@pytest.fixture(params=["here", "on a thread"], autouse=True)
def opened_on(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[set[int]]:
    """Which threads opened the store: this one, or another (any file counts as long)."""
    threaded = request.param == "on a thread"
    monkeypatch.setattr(wiring, "OPEN_ON_THREAD", 0 if threaded else 2**40)
    threads: set[int] = set()
    real = recorder.open_store

    def open_store(*args: Any, **kwargs: Any) -> HistoryStore | None:
        threads.add(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(recorder, "open_store", open_store)
    yield threads
    if threads:  # a test with no file to check (nothing to thread) clears them
        assert (threads == {threading.get_ident()}) != threaded


class Told:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.threads: set[int] = set()

    def __call__(self, message: str) -> None:
        self.messages.append(message)
        self.threads.add(threading.get_ident())


def test_a_garbage_file_is_moved_aside_before_the_first_plan_and_said_once() -> None:
    db = paths.history_file()
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database\n" * 500)
    told = Told()
    history = History(RunOptions(), told)
    plan = history.plan(default_routine())  # waits for the opening
    assert plan.steps
    (aside,) = db.parent.glob("history.sqlite3.corrupt-*")
    assert aside.read_bytes() == b"not a database\n" * 500
    assert len(told.messages) == 1 and aside.name in told.messages[0]
    assert told.threads == {threading.get_ident()}
    assert history.store is not None and history.store.sessions() == []
    assert len(told.messages) == 1, "said once, not at every use"
    history.close()


def test_the_store_opened_on_another_thread_reads_and_writes_on_this_one() -> None:
    r = default_routine()
    with HistoryStore.open(_made(), print) as s:
        record(s, r, START)
    history = History(RunOptions(), print)
    store = history.store
    assert store is not None
    record(store, r, START.replace(hour=9))
    assert [x.started for x in store.sessions(r.name)] == [
        "2026-03-03T09:00:00",
        "2026-03-03T08:00:00",
    ]
    assert history.plan(r).steps
    assert history.writer is not None
    history.close()


def test_a_database_that_cannot_be_opened_is_said_and_history_is_off(
    opened_on: set[int],
) -> None:
    paths.history_file().parent.parent.mkdir(parents=True)
    paths.history_file().parent.write_text("a file where the data folder should be")
    told = Told()
    history = History(RunOptions(), told)
    assert history.store is None and history.writer is None
    assert len(told.messages) == 1 and told.messages[0].startswith("History is off")
    assert told.threads == {threading.get_ident()}
    assert "cannot open the history database" in history.problem
    history.close()
    assert opened_on == {threading.get_ident()}, "no file to check: no thread"
    opened_on.clear()


def test_closing_before_any_use_waits_for_the_opening() -> None:
    HistoryStore.open(_made(), print).close()
    history = History(RunOptions(), print)
    history.close()
    assert HistoryStore.open(paths.history_file(), pytest.fail).sessions() == []


def test_no_database_yet_opens_here_and_makes_one(opened_on: set[int]) -> None:
    history = History(RunOptions(), print)
    assert opened_on == {threading.get_ident()}, "nothing to check: no thread"
    assert history.store is not None and paths.history_file().exists()
    history.close()
    opened_on.clear()


def _made() -> Path:
    db = paths.history_file()
    db.parent.mkdir(parents=True, exist_ok=True)
    return db


def test_the_writers_second_connection_skips_the_check_the_first_one_made() -> None:
    """A damaged page: the check finds it and the file is moved aside; without the check
    (the writer's own connection, opened after the run's checked one) it opens as it is."""
    db = paths.history_file()
    damaged_database(db)
    told: list[str] = []
    HistoryStore.open(db, told.append, repair=False, check=False).close()
    assert told == [] and not list(db.parent.glob("*.corrupt-*"))
    HistoryStore.open(db, told.append).close()
    assert len(told) == 1 and len(list(db.parent.glob("*.corrupt-*"))) == 1
