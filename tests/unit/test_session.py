"""The session engine on a fake clock: no wall clock, no sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.engine.clock import FakeClock
from backtimer.engine.event import Event
from backtimer.engine.plan import Plan, compile_plan
from backtimer.engine.session import Session
from backtimer.routine.loader import load_text

T0 = 1000.0


def plan_of(text: str) -> Plan:
    return compile_plan(load_text(text))


HOLD = "name: H\ndefaults: {prepare: 5s}\nexercises:\n  - {name: Plank, hold: 30s}\n"
TWO = "name: T\nexercises:\n  - {name: A, hold: 30s}\n  - {name: B, hold: 20s}\n"


def run_all(session: Session, until: float, step: float = 1.0) -> list[Event]:
    out: list[Event] = []
    t = T0
    while t <= until:
        out += session.advance(t)
        t += step
    return out


def keys(events: list[Event]) -> list[tuple[str, int, float, object]]:
    return [(e.type, e.step, round(e.at, 6), e.value) for e in events]


def test_hold_events_in_order() -> None:
    s = Session(plan_of(HOLD), T0)
    events = run_all(s, T0 + 40)
    assert keys(events) == [
        ("step_started", 0, T0, None),
        ("tick", 0, T0 + 2, 3),
        ("tick", 0, T0 + 3, 2),
        ("tick", 0, T0 + 4, 1),
        ("step_ended", 0, T0 + 5, "done"),
        ("step_started", 1, T0 + 5, None),
        ("halfway", 1, T0 + 20, None),
        ("tick", 1, T0 + 32, 3),
        ("tick", 1, T0 + 33, 2),
        ("tick", 1, T0 + 34, 1),
        ("step_ended", 1, T0 + 35, "done"),
        ("set_done", 1, T0 + 35, 1),
        ("exercise_done", 1, T0 + 35, "Plank"),
        ("session_finished", 1, T0 + 35, None),
    ]
    assert s.finished and s.active_seconds(T0 + 99) == 35


def test_late_advance_loses_nothing(example_yaml: Path) -> None:
    text = example_yaml.read_text().replace("tempo: self", "tempo: 2s")
    fine = Session(plan_of(text), T0)
    coarse = Session(plan_of(text), T0)
    total = fine.plan.total_seconds
    fine_events = run_all(fine, T0 + total + 1, step=0.25)
    coarse_events = coarse.advance(T0 + 5000)
    assert keys(fine_events) == keys(coarse_events)
    instants = [e.at for e in coarse_events]
    assert instants == sorted(instants)
    assert coarse_events[-1].type == "session_finished"
    assert coarse_events[-1].at == pytest.approx(T0 + total)  # no drift however late
    assert coarse.advance(T0 + 6000) == []


def test_forty_five_minute_routine_in_milliseconds() -> None:
    exercises = "\n".join(f"  - {{name: E{i}, hold: 60s, sides: both}}" for i in range(19))
    plan = plan_of(f"name: Long\nexercises:\n{exercises}\n")
    assert 44 * 60 <= plan.total_seconds <= 46 * 60
    clock = FakeClock(T0)
    s = Session(plan, clock.now())
    events: list[Event] = []
    while not s.finished:
        clock.advance(1.0)
        events += s.advance(clock.now())
    assert events[-1].at == T0 + plan.total_seconds
    assert sum(1 for e in events if e.type == "step_started") == len(plan.steps)


def test_pause_freezes_remaining_and_shifts_deadlines() -> None:
    s = Session(plan_of(HOLD), T0)
    s.advance(T0 + 10)  # 5 s into the plank
    s.pause(T0 + 10)
    assert s.remaining(T0 + 10) == 25
    assert s.advance(T0 + 100) == []
    assert s.remaining(T0 + 500) == 25
    s.resume(T0 + 110)
    assert s.remaining(T0 + 110) == 25
    events = s.advance(T0 + 200)
    assert events[-1].type == "session_finished" and events[-1].at == T0 + 135
    assert s.active_seconds(T0 + 300) == 35


def test_skip_ends_step_now_as_skipped() -> None:
    s = Session(plan_of(TWO), T0)
    s.advance(T0 + 6)
    events = s.skip(T0 + 7)  # 2 s into A's hold (step 1)
    assert [e.type for e in events] == [
        "step_ended",
        "set_done",
        "exercise_done",
        "step_started",
        "tick",
        "tick",
        "tick",
    ][: len(events)]
    assert events[3].at == T0 + 7
    assert events[0].outcome is not None and events[0].outcome.status == "skipped"
    assert s.index == 2 and s.step.kind == "rest"


def test_back_restarts_or_goes_to_previous() -> None:
    s = Session(plan_of(TWO), T0)
    s.advance(T0 + 15)  # 10 s into A's hold (index 1)
    s.back(T0 + 15)
    assert s.index == 1 and s.remaining(T0 + 15) == 30
    s.back(T0 + 16)  # just began: go to the get-ready before it
    assert s.index == 0 and s.remaining(T0 + 16) == 5
    events = s.advance(T0 + 21)
    assert ("step_started", 1) in [(e.type, e.step) for e in events]


def test_extend_and_shorten() -> None:
    s = Session(plan_of(HOLD), T0)
    s.advance(T0 + 33)  # ticks 3 and 2 of the plank have sounded (32, 33)
    ticks_before = [e for e in s.advance(T0 + 33) if e.type == "tick"]
    assert ticks_before == []
    s.adjust(T0 + 33, +10)
    assert s.remaining(T0 + 33) == 12
    events = s.advance(T0 + 46)
    assert [e.value for e in events if e.type == "tick"] == [3, 2, 1]  # a fresh countdown
    assert events[-1].type == "session_finished" and events[-1].at == T0 + 45
    assert s.outcomes[-1].adjusted == 10

    s = Session(plan_of(HOLD), T0)
    s.advance(T0 + 30)
    s.adjust(T0 + 30, -10)  # 25 s in, 30 planned: shortening past now ends it now
    assert s.finished and s.outcomes[-1].shortened


def test_self_paced_reps_wait_for_the_user() -> None:
    s = Session(
        plan_of(
            "name: S\ndefaults: {prepare: 0}\nexercises:\n  - {name: E, reps: 3, tempo: self}\n"
        ),
        T0,
    )
    assert s.advance(T0 + 999)[0].type == "step_started"
    assert not s.finished and s.remaining(T0 + 999) is None
    s.rep_done(T0 + 1000)
    s.rep_done(T0 + 1001)
    assert s.reps_done(T0 + 1001) == 2
    events = s.rep_done(T0 + 1002)
    assert s.finished and events[-1].type == "session_finished"
    assert s.outcomes[-1].reps == 3


def test_paced_reps_and_breath_phases() -> None:
    s = Session(
        plan_of(
            "name: R\ndefaults: {prepare: 0}\nexercises:\n  - {name: C, reps: 3, breath: 2s/3s}\n"
        ),
        T0,
    )
    events = s.advance(T0 + 20)
    reps = [(e.value, e.at - T0) for e in events if e.type == "rep"]
    assert reps == [(2, 5.0), (3, 10.0)]
    breaths = [(e.value, e.at - T0) for e in events if e.type == "breath"]
    assert breaths == [
        ("inhale", 0),
        ("exhale", 2),
        ("inhale", 5),
        ("exhale", 7),
        ("inhale", 10),
        ("exhale", 12),
    ]
    assert s.outcomes[-1].reps == 3


def test_breath_phase_and_reps_readout() -> None:
    s = Session(
        plan_of(
            "name: B\ndefaults: {prepare: 0}\nexercises:\n  - {name: C, breaths: 4, breath: 4s/2s/6s/2s}\n"
        ),
        T0,
    )
    s.advance(T0)
    assert s.breath_phase(T0 + 1) == ("inhale", 1, 4)
    assert s.breath_phase(T0 + 5) == ("hold", 1, 2)
    assert s.breath_phase(T0 + 7) == ("exhale", 1, 6)
    assert s.breath_phase(T0 + 15) == ("inhale", 1, 4)


def test_session_remaining_counts_future_steps() -> None:
    s = Session(plan_of(TWO), T0)
    assert s.session_remaining(T0) == s.plan.total_seconds
    s.advance(T0 + 10)
    assert s.session_remaining(T0 + 10) == s.plan.total_seconds - 10


def test_events_scheduled_exactly_on_deadlines_even_when_late() -> None:
    s = Session(plan_of(TWO), T0)
    events = s.advance(T0 + 37.3)  # handled late
    started = [e for e in events if e.type == "step_started"]
    assert [e.at - T0 for e in started] == [0, 5, 35]


def test_start_at_a_later_step_for_resume() -> None:
    s = Session(plan_of(TWO), T0, start_index=2)
    events = s.advance(T0)
    assert events[0].type == "step_started" and events[0].step == 2
    assert s.session_remaining(T0) == 15 + 5 + 20
    with pytest.raises(ValueError):
        Session(plan_of(TWO), T0, start_index=99)


def test_stop_ends_the_running_step_as_stopped_with_its_time() -> None:
    s = Session(plan_of(HOLD), T0)
    s.advance(T0 + 12)  # 5 s prepare done, 7 s into the plank
    s.pause(T0 + 12)
    out = s.stop(T0 + 40)  # quit while paused: the pause instant counts, not 40
    assert [(e.type, e.value) for e in out] == [("step_ended", "stopped")]
    outcome = out[0].outcome
    assert outcome is not None and outcome.status == "stopped" and outcome.spent == 7.0
    assert outcome.shortened and s.stopped and s.over and not s.finished
    assert s.outcomes[-1] == outcome
    # Nothing happens after a stop, and a second stop adds nothing.
    assert s.advance(T0 + 100) == [] and s.skip(T0 + 100) == [] and s.stop(T0 + 100) == []
    assert s.rep_done(T0 + 100) == [] and s.back(T0 + 100) == [] and s.adjust(T0 + 100) == []


def test_stop_first_delivers_what_was_due() -> None:
    s = Session(plan_of(HOLD), T0)
    out = s.stop(T0 + 6)  # the prepare step ended at T0 + 5, unseen until now
    assert [(e.type, e.value) for e in out if e.type == "step_ended"] == [
        ("step_ended", "done"),
        ("step_ended", "stopped"),
    ]
    assert out[-1].outcome is not None and out[-1].outcome.spent == 1.0


def test_stop_after_the_end_changes_nothing() -> None:
    s = Session(plan_of(HOLD), T0)
    run_all(s, T0 + 40)
    assert s.finished and s.stop(T0 + 41) == [] and not s.stopped
