"""hold: max, a hold as long as you can: a clock counting up, ended by Enter or by its cap,
recorded as the time held; stats keep the best and the next session says it and marks it.
All on fake time: a ten-minute hold takes milliseconds."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml

from backtimer.engine.clock import FakeClock
from backtimer.engine.event import Event
from backtimer.engine.plan import Step, compile_plan
from backtimer.engine.session import Session
from backtimer.history.progression import progression
from backtimer.history.rows import shortened, step_value
from backtimer.history.stats import bests
from backtimer.history.store import HistoryStore
from backtimer.plain.run import play
from backtimer.present.plan_report import plan_json, plan_table
from backtimer.present.view import describe
from backtimer.routine.loader import RoutineError, load_routine, load_text
from backtimer.routine.model import Routine, Span
from backtimer.routine.schema import json_schema
from backtimer.run.conductor import Conductor
from backtimer.run.hooks import NullRecorder
from backtimer.run.wiring import held_lines
from backtimer.sound.cuemap import cue_for
from backtimer.sound.player import RecordingPlayer
from backtimer.sound.script import BEST_TEXT, Script, announce

ROUTINE = """name: Max
defaults: {prepare: 5s, rest: 10s, set_rest: 20s}
exercises:
  - name: Plank
    cue: Forearms under shoulders.
    hold: max 2m
    sets: 2
  - name: Wall sit
    hold: max
"""
DAY = datetime(2026, 3, 2, 8, 0)


def plan_of(text: str = ROUTINE, targets: dict[str, float] | None = None) -> list[Step]:
    return list(compile_plan(load_text(text), "low", targets or {}).steps)


def work_steps(steps: list[Step]) -> list[Step]:
    return [s for s in steps if s.kind == "work"]


# -- the file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cap"),
    [("max", None), ("MAX", None), (" Max ", None), ("max 2m", 120.0), ("max 1:30", 90.0)],
)
def test_max_reads_as_an_open_hold_with_its_cap(value: str, cap: float | None) -> None:
    r = load_text(f"name: M\nexercises:\n  - {{name: P, hold: '{value}'}}\n")
    work = r.exercises[0].work
    assert work is not None and work.kind == "max" and work.open_ended
    assert work.seconds == (None if cap is None else Span(cap, cap))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("max two", "after max comes the longest the hold may last (max 2m, max 90s)"),
        ("max 0", "a cap of 0 ends the hold at once"),
        ("max 7h", "is longer than 6 hours"),
        ("maximum", "is not a duration"),
    ],
)
def test_a_wrong_max_is_a_message_at_the_value(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"name: M\nexercises:\n  - name: P\n    hold: {value}\n")
    with pytest.raises(RoutineError) as err:
        load_routine(path)
    assert f"{path}:4:11: exercises[0] (P).hold: " in str(err.value)
    assert message in str(err.value)


def test_max_is_not_each_reps_hold(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: M\nexercises:\n  - {name: P, hold: max, reps: 5}\n")
    with pytest.raises(RoutineError, match="hold: max is a hold on its own"):
        load_routine(path)


def test_the_schema_takes_what_the_reader_takes() -> None:
    schema = json_schema()
    for value, ok in (("max", True), ("max 2m", True), ("MAX 90s", True), ("max two", False)):
        tree = yaml.safe_load(f"name: M\nexercises:\n  - {{name: P, hold: '{value}'}}\n")
        valid = jsonschema.Draft7Validator(schema).is_valid(tree)
        assert valid is ok, value


def test_a_flow_pose_can_be_held_as_long_as_you_can() -> None:
    text = "name: F\nexercises:\n  - name: Flow\n    flow:\n      - {name: A, hold: 10s}\n      - {name: B, hold: max 1m}\n"
    steps = work_steps(plan_of(text))
    assert [(s.item, s.open_ended, s.seconds) for s in steps] == [
        ("A", False, 10.0),
        ("B", True, 60.0),
    ]


# -- the plan --------------------------------------------------------------------------


def test_the_plan_counts_the_cap_and_leaves_an_uncapped_hold_to_you() -> None:
    plan = compile_plan(load_text(ROUTINE))
    holds = work_steps(list(plan.steps))
    assert [(s.seconds, s.open_ended, s.self_paced) for s in holds] == [
        (120.0, True, False),
        (120.0, True, False),
        (None, True, True),
    ]
    assert plan.total_seconds == 5 + 120 + 20 + 120 + 10 + 5
    assert plan.self_paced_steps == 1
    shown = [s for s in plan_json(plan)["steps"] if s["kind"] == "work"]
    assert [(s["seconds"], s["max"], s["best"]) for s in shown] == [
        (120.0, True, None),
        (120.0, True, None),
        (None, True, None),
    ]
    table = plan_table(load_text(ROUTINE), plan)
    assert "max hold, up to 120s" in table and "Wall sit  (max hold)" in table


# -- the session on fake time ----------------------------------------------------------


def to_work(session: Session, now: float = 0.0) -> float:
    """Advance past the get-ready: the instant the first hold starts."""
    deadline = session.deadline
    assert deadline is not None
    session.advance(deadline)
    assert session.step.open_ended
    return deadline


def test_the_clock_counts_up_and_enter_records_the_time_held() -> None:
    plan = compile_plan(load_text(ROUTINE))
    s = Session(plan, 0.0)
    start = to_work(s)
    view = describe(s, start + 37.4)
    assert view.big.countdown == "0:37" and view.big.counting_up
    assert view.step.text == "held 0:37 · up to 2:00 · Enter when you stop"
    events = s.advance(start + 52.3)
    assert [(e.type, e.at - start) for e in events if e.type == "held"] == [
        ("held", 15.0),
        ("held", 30.0),
        ("held", 45.0),
    ]
    assert not [e for e in events if e.type == "halfway"]
    ended = s.step_done(start + 52.3)
    outcome = next(e.outcome for e in ended if e.outcome is not None)
    assert outcome.status == "done" and outcome.spent == pytest.approx(52.3)
    assert not shortened(plan.steps[outcome.step], outcome)
    assert step_value(plan.steps[outcome.step]) is None


def test_the_cap_ends_the_hold_after_a_countdown() -> None:
    s = Session(compile_plan(load_text(ROUTINE)), 0.0)
    start = to_work(s)
    events = s.advance(start + 120.0)
    ticks = [(e.value, e.at - start) for e in events if e.type == "tick"]
    assert ticks == [(3, 117.0), (2, 118.0), (1, 119.0)]
    ended = [e for e in events if e.type == "step_ended"]
    assert ended and ended[0].outcome is not None and ended[0].outcome.spent == 120.0
    assert s.step.kind == "set_rest"


def test_an_uncapped_hold_waits_for_you_ten_minutes_and_more() -> None:
    text = "name: W\nexercises:\n  - {name: Wall sit, hold: max, prepare: 0}\n"
    s = Session(compile_plan(load_text(text)), 0.0)
    events = s.advance(600.0)
    assert not s.over and describe(s, 600.0).big.countdown == "10:00"
    assert sum(1 for e in events if e.type == "held") == 40
    s.step_done(612.0)
    assert s.finished and s.outcomes[-1].spent == 612.0


def test_a_pause_stops_the_clock_it_counts_up() -> None:
    s = Session(compile_plan(load_text(ROUTINE)), 0.0)
    start = to_work(s)
    s.pause(start + 10.0)
    s.resume(start + 70.0)
    assert describe(s, start + 75.0).big.countdown == "0:15"


def test_the_best_so_far_is_said_shown_and_marked() -> None:
    steps = plan_of(targets={"Plank": 65.0})
    first = work_steps(steps)[0]
    assert first.best == 65.0
    assert announce(first, read_cues=False)[0] == (
        "Plank. As long as you can, up to two minutes. Your best: one minute five seconds."
        " Two sets."
    )
    plan = compile_plan(load_text(ROUTINE), "low", {"Plank": 65.0})
    s = Session(plan, 0.0)
    start = to_work(s)
    assert describe(s, start + 30).step.text.startswith("held 0:30 · best 1:05 · up to 2:00")
    events = s.advance(start + 66.0)
    best = [e for e in events if e.type == "best"]
    assert [(e.at - start, e.value) for e in best] == [(65.0, 65)]
    assert cue_for(best[0], plan.steps[best[0].step]) == "set_done"
    script = Script(plan)
    assert [ln.text for ln in script.lines(best[0])] == [BEST_TEXT]
    held = next(e for e in events if e.type == "held" and e.value == 60)
    assert [ln.text for ln in script.lines(held)] == ["One minute."]
    assert "a new best" in describe(s, start + 66.0).step.text
    assert BEST_TEXT in script.all_texts() and "One minute." in script.all_texts()


def test_a_best_past_the_cap_is_never_marked() -> None:
    s = Session(compile_plan(load_text(ROUTINE), "low", {"Plank": 500.0}), 0.0)
    start = to_work(s)
    assert not [e for e in s.advance(start + 120.0) if e.type == "best"]


# -- history, stats, progression -------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "h.sqlite3", print) as s:
        yield s


def record(store: HistoryStore, r: Routine, n: int, held: list[float]) -> int:
    """One session of `r` with today's targets, each max hold ended after `held` s."""
    today = progression(r, store.sessions(r.name))
    plan = compile_plan(r, today.level, today.targets)
    sid = store.start_session(r, plan, DAY + timedelta(days=n), targets=today.targets)
    s, now, holds = Session(plan, 0.0), 0.0, iter(held)
    while not s.over:
        events: list[Event]
        if s.step.open_ended:  # it started at `now`, the end of the step before
            now += next(holds)
            events = s.step_done(now)
        else:
            assert s.deadline is not None
            now = s.deadline
            events = s.advance(now)
        for e in events:
            if e.outcome is not None:
                store.record_step(sid, plan.steps[e.step], e.outcome)
    store.finish_session(sid, DAY + timedelta(days=n), "finished")
    return sid


def test_history_keeps_the_time_held_and_the_next_session_aims_at_the_best(
    store: HistoryStore,
) -> None:
    r = load_text(ROUTINE)
    record(store, r, 0, [40.0, 35.5, 90.0])
    sessions = store.sessions(r.name)
    rows = [x for x in sessions[0].steps if x.kind == "work"]
    assert [(x.work_kind, x.spent, x.shortened) for x in rows] == [
        ("max", 40.0, False),
        ("max", 35.5, False),
        ("max", 90.0, False),
    ]
    found = {b.exercise: b.longest_hold for b in bests(sessions)}
    assert found == {"Plank": 40.0, "Wall sit": 90.0}
    today = progression(r, sessions)
    assert today.targets == {"Plank": 40.0, "Wall sit": 90.0} and not today.raised
    holds = work_steps(list(compile_plan(r, today.level, today.targets).steps))
    assert [h.best for h in holds] == [40.0, 40.0, 90.0]
    # The next session beats one best: the summary says so, and the best moves.
    sid = record(store, r, 1, [52.0, 30.0, 80.0])
    from backtimer.history.summary import added

    a = added(store, sid, r, DAY.date() + timedelta(days=1))
    assert held_lines(a.max_holds) == [
        "Plank: held 0:52, a new best (was 0:40)",
        "Plank: held 0:30 (best 0:52)",
        "Wall sit: held 1:20 (best 1:30)",
    ]
    assert progression(r, store.sessions(r.name)).targets["Plank"] == 52.0


def test_a_level_override_still_knows_the_best(store: HistoryStore) -> None:
    r = load_text(ROUTINE)
    record(store, r, 0, [40.0, 30.0, 10.0])
    assert progression(r, store.sessions(r.name), "high").targets["Plank"] == 40.0


# -- line mode -------------------------------------------------------------------------


def test_plain_counts_up_and_enter_ends_the_hold() -> None:
    text = "name: P\nexercises:\n  - {name: Plank, hold: max 1m, prepare: 2s}\n"
    clock, out = FakeClock(), io.StringIO()
    conductor = Conductor(
        compile_plan(load_text(text)),
        clock,
        RecordingPlayer(clock.now),
        NullRecorder(),
        lambda e, s: None,
    )
    start = clock.t
    inputs = [(25.5, "\n")]  # Enter ("" would be the end of input)

    def wait(seconds: float | None) -> str | None:
        if inputs and start + inputs[0][0] <= clock.t + (seconds or 0.0):
            clock.set(max(clock.t, start + inputs.pop(0)[0]))
            return "\n"
        assert seconds is not None
        clock.advance(seconds)
        return None

    assert play(conductor, out, wait, True, None) == 0
    shown = out.getvalue()
    assert "as long as you can, up to 1:00, press Enter when you stop" in shown
    assert "\r0:23" in shown  # the clock counted up
    outcome = conductor.live.outcomes[-1]
    assert outcome.status == "done" and outcome.spent == pytest.approx(23.5)


def test_the_wake_ups_follow_the_holds_own_seconds() -> None:
    """After a step ended by Enter part-way through a second, the count-up still turns
    over on the hold's own whole seconds."""
    text = "name: P\ndefaults: {prepare: 0, rest: 0}\nexercises:\n  - {name: A, hold: max}\n  - {name: B, hold: max}\n"
    clock = FakeClock()
    c = Conductor(compile_plan(load_text(text)), clock, RecordingPlayer(clock.now), NullRecorder())
    c.start()
    for _ in range(3):
        clock.advance(1.1)  # a wake-up a second, as the front ends give (no stall)
        c.tick()
    c.enter()  # B starts 3.3 s in
    clock.advance(0.5)
    c.tick()
    assert c.live.step.exercise == "B"
    began = c.now - c.live.elapsed(c.now)
    wakes = []
    while len(wakes) < 4:
        wake = c.next_wake()
        assert wake is not None
        wakes.append(round(wake - began, 6))
        clock.set(wake)
        c.tick()
    # The session's own seconds (the elapsed line) and the hold's, each turning over.
    assert wakes == [0.7, 1.0, 1.7, 2.0]


def test_the_start_card_names_each_best_to_beat() -> None:
    from backtimer.ui.screens.start import target_lines

    plan = compile_plan(load_text(ROUTINE), "low", {"Plank": 65.4, "Wall sit": 90.0})
    assert target_lines(plan, {}) == [
        "Plank: your best 1:05, to beat",
        "Wall sit: your best 1:30, to beat",
    ]
