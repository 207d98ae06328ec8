"""The desk-break schedule on a fake clock: a week of reminders in milliseconds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.remind.schedule import (
    DAILY_MAX,
    Break,
    Settings,
    State,
    day_summary,
    due,
    next_reminder,
    paused,
    session_ended,
    shown,
    skipped,
    snoozed,
    with_breaks,
)

MONDAY = datetime(2024, 1, 1, 8, 0)  # 1 January 2024 was a Monday
DEFAULT = Settings()  # every 2 h, Monday to Friday, 09:00-18:00, a 4-minute break
Answer = Callable[[datetime], str]


def at(day: int, hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return MONDAY.replace(hour=h, minute=m) + timedelta(days=day)


def week(
    answer: Answer,
    s: Settings = DEFAULT,
    start: datetime = MONDAY,
    days: int = 7,
    state: State | None = None,
) -> tuple[list[datetime], State]:
    """Every reminder from `start` for `days` days, each answered by `answer(now)`:
    start (the session runs its length), snooze, skip or ignore."""
    st_ = state or State(started=start)
    end, now, reminders = start + timedelta(days=days), start, []
    while (nxt := next_reminder(s, st_, now)) is not None and nxt < end:
        now = nxt
        assert due(s, st_, now)
        st_ = shown(st_, now)
        reminders.append(now)
        reply = answer(now)
        if reply == "start":
            now += timedelta(seconds=s.break_seconds)
            st_ = session_ended(with_breaks(st_, (*st_.breaks, Break(now, s.break_seconds))), now)
        elif reply == "snooze":
            st_ = snoozed(st_, now)
        elif reply == "skip":
            st_ = skipped(st_, now)
    return reminders, st_


def by_day(reminders: list[datetime]) -> dict[date, list[str]]:
    days: dict[date, list[str]] = {}
    for r in reminders:
        days.setdefault(r.date(), []).append(r.strftime("%H:%M"))
    return days


def test_a_week_of_breaks_taken_stays_in_hours_days_and_the_daily_fifteen_minutes() -> None:
    reminders, state = week(lambda now: "start")
    days = by_day(reminders)
    assert sorted(d.weekday() for d in days) == [0, 1, 2, 3, 4]  # no Saturday or Sunday
    # Each interval counts from the end of the last break; a fourth 4-minute break
    # would take the day to 16 minutes, past the 10-15 that 004 advises.
    assert all(times == ["11:00", "13:04", "15:08"] for times in days.values()), days
    for d in days:
        assert day_summary(state, d).seconds == 720 <= DAILY_MAX.total_seconds()


def test_a_reminder_left_unanswered_comes_back_an_interval_later_not_sooner() -> None:
    reminders, _ = week(lambda now: "ignore", days=1)
    assert [r.strftime("%H:%M") for r in reminders] == ["11:00", "13:00", "15:00", "17:00"]


def test_skip_moves_the_next_reminder_an_interval_on_and_is_counted() -> None:
    reminders, state = week(lambda now: "skip", days=1)
    assert [r.strftime("%H:%M") for r in reminders] == ["11:00", "13:00", "15:00", "17:00"]
    assert day_summary(state, MONDAY.date()).skipped == 4
    assert day_summary(state, MONDAY.date()).breaks == 0


def test_snooze_reminds_again_in_fifteen_minutes() -> None:
    answers = iter(["snooze", "snooze", "start"])
    reminders, _ = week(lambda now: next(answers, "ignore"), days=1)
    assert [r.strftime("%H:%M") for r in reminders][:4] == ["11:00", "11:15", "11:30", "13:34"]


def test_a_snooze_is_kept_past_the_end_of_the_day_then_the_morning_comes() -> None:
    state = snoozed(shown(State(started=MONDAY), at(0, "17:50")), at(0, "17:50"))
    assert next_reminder(DEFAULT, state, at(0, "17:51")) == at(0, "18:05")
    assert next_reminder(DEFAULT, shown(state, at(0, "18:05")), at(0, "18:06")) == at(1, "11:00")


def test_a_snooze_does_not_outlive_a_break_done_meanwhile() -> None:
    state = snoozed(shown(State(started=MONDAY), at(0, "11:00")), at(0, "11:00"))
    state = with_breaks(state, (Break(at(0, "11:10"), 240),))
    assert next_reminder(DEFAULT, state, at(0, "11:10")) == at(0, "13:10")


def test_a_session_done_by_hand_moves_the_next_reminder() -> None:
    state = with_breaks(State(started=MONDAY), (Break(at(0, "10:30"), 240),))
    assert next_reminder(DEFAULT, state, at(0, "10:31")) == at(0, "12:30")


def test_breaks_done_by_hand_count_against_the_day() -> None:
    long = Settings(break_seconds=711)  # office-chair: 11:51
    state = with_breaks(State(started=MONDAY), (Break(at(0, "09:30"), 711),))
    assert next_reminder(long, state, at(0, "09:31")) == at(1, "11:00")  # not today
    reminders, _ = week(lambda now: "start", s=long)
    assert all(len(t) == 1 for t in by_day(reminders).values())  # the first is always offered


def test_pause_holds_reminders_and_gives_one_when_it_ends() -> None:
    state = paused(State(started=MONDAY), at(0, "12:30"))  # a meeting 10:30-12:30
    assert next_reminder(DEFAULT, state, at(0, "10:30")) == at(0, "12:30")
    reminders, _ = week(lambda now: "ignore", days=1, state=state)
    assert [r.strftime("%H:%M") for r in reminders] == ["12:30", "14:30", "16:30"]
    state = paused(state, None)
    assert next_reminder(DEFAULT, state, at(0, "10:30")) == at(0, "11:00")


def test_a_pause_that_ends_after_hours_moves_to_the_next_working_day() -> None:
    state = paused(State(started=MONDAY), at(0, "19:00"))
    assert next_reminder(DEFAULT, state, at(0, "10:00")) == at(1, "11:00")


def test_sleeping_through_reminders_gives_one_on_waking_not_a_burst() -> None:
    state = shown(State(started=MONDAY), at(0, "11:00"))  # then the lid closes at 11:10
    woke = at(0, "16:20")  # 13:00 and 15:00 passed while asleep
    assert next_reminder(DEFAULT, state, woke) == woke
    state = shown(state, woke)
    assert not due(DEFAULT, state, woke + timedelta(seconds=1))
    assert next_reminder(DEFAULT, state, woke) == at(1, "11:00")  # 18:20 is after hours


def test_sleeping_through_the_end_of_day_gives_nothing_stale_on_waking() -> None:
    state = shown(State(started=MONDAY), at(0, "15:00"))  # 17:00 is slept through
    assert next_reminder(DEFAULT, state, at(1, "08:30")) == at(1, "11:00")
    assert not due(DEFAULT, state, at(1, "10:59"))


def test_a_change_of_day_starts_the_interval_from_the_morning() -> None:
    state = shown(State(started=MONDAY), at(0, "17:00"))  # unanswered overnight
    assert next_reminder(DEFAULT, state, at(0, "17:30")) == at(1, "11:00")
    friday = shown(State(started=MONDAY), at(4, "17:00"))
    assert next_reminder(DEFAULT, friday, at(4, "17:30")) == at(7, "11:00")  # Monday


def test_reminding_started_mid_day_waits_one_interval() -> None:
    start = at(0, "14:30")
    assert next_reminder(DEFAULT, State(started=start), start) == at(0, "16:30")


def test_now_reminds_at_once_even_outside_hours() -> None:
    sunday = at(6, "20:00")
    state = State(started=sunday, asap=True)
    assert next_reminder(DEFAULT, state, sunday) == sunday
    assert next_reminder(DEFAULT, shown(state, sunday), sunday) == at(7, "11:00")


def test_custom_hours_days_and_interval() -> None:
    s = Settings(every=timedelta(minutes=90), start=time(8, 30), end=time(12), days=frozenset({5}))
    reminders, _ = week(lambda now: "skip", s=s)
    assert [r.strftime("%a %H:%M") for r in reminders] == ["Sat 10:00", "Sat 11:30"]


def test_no_working_day_means_no_reminder() -> None:
    assert next_reminder(Settings(days=frozenset()), State(started=MONDAY), MONDAY) is None


ANSWERS = st.sampled_from(["start", "snooze", "skip", "ignore"])


@settings(max_examples=60, deadline=None)
@given(st.lists(ANSWERS, min_size=1, max_size=40), st.integers(0, 6 * 24 * 4))
def test_any_week_of_answers_keeps_to_hours_days_budget_and_spacing(
    answers: list[str], quarter_hours: int
) -> None:
    replies, given = iter(answers), []

    def answer(now: datetime) -> str:
        given.append(next(replies, "ignore"))
        return given[-1]

    start = MONDAY + timedelta(minutes=15 * quarter_hours)
    reminders, state = week(answer, start=start)
    for i, r in enumerate(reminders):
        if i and given[i - 1] == "snooze":  # asked for: kept whatever the hours
            assert r - reminders[i - 1] == timedelta(minutes=15)
        else:
            assert r.weekday() < 5 and time(9) <= r.time() < time(18), r
    gaps = [b - a for a, b in zip(reminders, reminders[1:], strict=False)]
    assert all(g >= timedelta(minutes=15) for g in gaps), gaps
    for d in {r.date() for r in reminders}:
        assert day_summary(state, d).seconds <= DAILY_MAX.total_seconds()
