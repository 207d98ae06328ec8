"""The remind process built by the same factory as `backtimer remind`, on a fake wall
clock: the loop sleeps until each reminder (never more than a minute at a time), takes
answers, runs breaks that land in the real history, and recovers from a suspend."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backtimer import paths
from backtimer.cli import build_parser
from backtimer.engine.plan import compile_plan
from backtimer.history import HistoryStore
from backtimer.remind.control import ask
from backtimer.remind.loop import MAX_NAP
from backtimer.remind.runner import Remind
from backtimer.routine.loader import load_routine

MONDAY = datetime(2024, 1, 1, 8, 0)
DESK = """\
name: Desk
exercises:
  - name: Shoulder rolls
    hold: 230s
"""  # 10 s get ready + 230 s: a 4-minute break


class Wall:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class FakeNotice:
    how = "a fake"
    buttons = True

    def __init__(self, answer: Callable[[str], None], say: Callable[[str], None]) -> None:
        self.answer = answer
        self.shown: list[tuple[str, str]] = []

    def show(self, title: str, body: str) -> None:
        self.shown.append((title, body))

    def withdraw(self) -> None:
        pass

    def close(self) -> None:
        pass


class FakeInbox:
    """Waiting moves the wall clock on by the nap asked for; `events` run when the clock
    reaches them; `suspend` jumps the clock (a machine asleep); past `end` it stops."""

    def __init__(self, wall: Wall, end: datetime) -> None:
        self.wall, self.end = wall, end
        self.items: list[str] = []
        self.naps: list[float] = []
        self.events: list[tuple[datetime, Callable[[], None]]] = []
        self.suspend: tuple[datetime, datetime] | None = None

    def put(self, item: str) -> None:
        self.items.append(item)

    def wait(self, seconds: float, listen: bool) -> str | None:
        if self.items:
            return self.items.pop(0)
        assert 0 <= seconds <= MAX_NAP
        self.naps.append(seconds)
        self.wall.now += timedelta(seconds=seconds)
        if self.suspend and self.suspend[0] <= self.wall.now < self.suspend[1]:
            self.wall.now = self.suspend[1]
        for when, event in [e for e in self.events if e[0] <= self.wall.now]:
            self.events.remove((when, event))
            event()
        if self.wall.now >= self.end:
            raise KeyboardInterrupt
        return self.items.pop(0) if self.items else None

    def close(self) -> None:
        pass


class Rig:
    def __init__(self, tmp_path: Path, start: datetime = MONDAY, days: float = 1) -> None:
        self.routine = tmp_path / "desk.yaml"
        self.routine.write_text(DESK, encoding="utf-8")
        self.wall = Wall(start)
        self.inbox = FakeInbox(self.wall, start + timedelta(days=days))
        self.notices: list[FakeNotice] = []
        self.shown_at: list[datetime] = []
        self.answers: list[str] = []
        self.stop_after = 0
        """Stop at the wait after this many reminders (0: at the end)."""
        self.out = io.StringIO()

    def notice(self, answer: Callable[[str], None], say: Callable[[str], None]) -> FakeNotice:
        rig = self

        class Recording(FakeNotice):
            def show(self, title: str, body: str) -> None:
                super().show(title, body)
                rig.shown_at.append(rig.wall.now)
                if len(rig.shown_at) == rig.stop_after:
                    rig.inbox.end = rig.wall.now
                if rig.answers:
                    answer(rig.answers.pop(0))

        made = Recording(answer, say)
        self.notices.append(made)
        return made

    def session(self, path: Path) -> None:
        """A break of 4 minutes, recorded in history as `backtimer run` would."""
        started = self.wall.now
        self.wall.now += timedelta(minutes=4)
        self.record(started, self.wall.now)

    def record(self, started: datetime, ended: datetime) -> None:
        routine = load_routine(self.routine)
        with HistoryStore.open(paths.history_file(), lambda m: None) as store:
            sid = store.start_session(routine, compile_plan(routine), started)
            store.finish_session(sid, ended)

    def run(self, *flags: str, routine: bool = True) -> str:
        chosen = ["--routine", str(self.routine)] if routine else []
        args = build_parser().parse_args(["remind", *chosen, *flags])
        remind = Remind(
            args,
            self.out,
            self.wall,
            notice=self.notice,
            inbox=self.inbox,
            session=self.session,
            cue=lambda: None,
        )
        assert remind.run() == 0
        return self.out.getvalue()

    def times(self) -> list[str]:
        return [t.strftime("%a %H:%M:%S") for t in self.shown_at]


def test_a_day_of_answers_sleeps_until_each_reminder_exactly(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.answers = ["start", "snooze", "skip"]
    out = rig.run("--sound", "off")
    assert rig.times() == [
        "Mon 11:00:00",  # started: a 4-minute break, kept in history
        "Mon 13:04:00",  # snoozed
        "Mon 13:19:00",  # skipped
        "Mon 15:19:00",  # not answered: again an interval later
        "Mon 17:19:00",
    ]
    assert rig.notices[0].shown[0] == ("Desk break: 4 minutes", "Desk")
    assert max(rig.inbox.naps) == MAX_NAP  # never a longer sleep (a suspend is seen)
    assert "Reminding through a fake." in out
    assert "11:00 Desk break: 4 minutes (Desk). Enter: start now" in out
    assert "Starting Desk.\nNext desk break: 13:04 (in 2h)." in out
    assert "Snoozed for 15 minutes. Next desk break: 13:19 (in 15m)." in out
    assert "Skipped. Next desk break: 15:19 (in 2h)." in out
    assert out.rstrip().endswith("Reminders stopped.")


def test_waking_from_a_suspend_gives_one_reminder_not_a_burst(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.inbox.suspend = (MONDAY.replace(hour=10, minute=50), MONDAY.replace(hour=15, minute=20))
    rig.run()
    assert rig.times() == ["Mon 15:20:00", "Mon 17:20:00"]


def test_a_break_done_in_another_terminal_moves_the_next_reminder(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    done = MONDAY.replace(hour=10, minute=30)
    rig.inbox.events.append((done, lambda: rig.record(done - timedelta(minutes=4), done)))
    rig.run()
    assert rig.times()[:2] == ["Mon 12:30:00", "Mon 14:30:00"]


def test_pause_and_status_through_the_control_socket(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    replies: list[str | None] = []
    meeting = MONDAY.replace(hour=10, minute=45)

    def pause_then_ask() -> None:
        replies.append(ask(paths.runtime_dir(), {"cmd": "pause", "seconds": 3600}))
        replies.append(ask(paths.runtime_dir(), {"cmd": "status"}))

    rig.inbox.events.append((meeting, pause_then_ask))
    out = rig.run()
    assert rig.times()[0] == "Mon 11:45:00"  # one reminder when the meeting ends
    assert replies[0] == "Reminders paused until 11:45."
    status = replies[1] or ""
    assert "Reminding: Desk (4 minutes) every 2h, mon-fri 09:00-18:00." in status
    assert "Paused until 11:45." in status
    assert "Today: 0 breaks, 0 min of the 10-15 a day." in status
    assert "Reminders paused until 11:45." in out  # said in the reminding terminal too


def test_a_weekend_and_a_change_of_day(tmp_path: Path) -> None:
    friday = MONDAY + timedelta(days=4, hours=9)  # Friday 17:00
    rig = Rig(tmp_path, start=friday, days=3)  # to Monday 17:00
    rig.run("--every", "30m")
    assert rig.times()[:3] == ["Fri 17:30:00", "Mon 09:30:00", "Mon 10:00:00"]
    assert rig.times()[-1] == "Mon 16:30:00" and len(rig.times()) == 1 + 15


@pytest.mark.parametrize(
    ("flags", "first"),
    [
        (("--now",), "Mon 08:00:00"),
        (("--hours", "8-12", "--every", "90m"), "Mon 09:30:00"),
        (("--days", "tue"), "Tue 11:00:00"),
    ],
)
def test_flags_shape_the_schedule(tmp_path: Path, flags: tuple[str, ...], first: str) -> None:
    rig = Rig(tmp_path, days=2)
    rig.stop_after = 1
    rig.run(*flags)
    assert rig.times() == [first]


def test_flags_override_the_config(tmp_path: Path, backtimer_home: Path) -> None:
    config = backtimer_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[remind]\nevery = "1h"\nhours = "10-16"\ndays = "often"\n')
    rig = Rig(tmp_path)
    out = rig.run("--every", "3h")
    assert rig.times() == ["Mon 13:00:00"]  # 10:00 + 3 h; 16:00 is closing time
    assert "[remind] days = 'often'" in out and "using the default" in out


def test_the_default_routine_is_the_desk_break(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.stop_after = 1
    out = rig.run(routine=False)
    assert rig.notices[0].shown == [("Desk break: 3 minutes", "Desk break")]
    assert "No desk-break routine" not in out


def test_without_a_desk_break_routine_it_says_so_and_uses_office_chair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backtimer.routine import catalog

    every = catalog.entries
    monkeypatch.setattr(catalog, "entries", lambda: [e for e in every() if e.name != "desk-break"])
    rig = Rig(tmp_path)
    rig.stop_after = 1
    out = rig.run(routine=False)
    assert "No desk-break routine: reminding of office-chair." in out
    assert rig.notices[0].shown[0][1] == "Office chair"
