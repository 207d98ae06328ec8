"""Property tests: the loader and parsers never crash, the engine never loses or reorders."""

from __future__ import annotations

import contextlib

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.engine.event import Event
from backtimer.engine.plan import compile_plan
from backtimer.engine.session import Session
from backtimer.routine.durations import DurationError, parse_breath, parse_duration_span
from backtimer.routine.loader import RoutineError, load_bytes, load_text

KEYS = [
    "name",
    "exercises",
    "sections",
    "hold",
    "time",
    "reps",
    "breaths",
    "flow",
    "sides",
    "sets",
    "rest",
    "prepare",
    "tempo",
    "breath",
    "defaults",
    "cue",
    "say",
    "switch",
    "set_rest",
]
scalars = st.one_of(
    st.text(max_size=12),
    st.integers(-5, 500),
    st.sampled_from(["30s", "20-40s", "both", "self", "4s/4s", "1:30", "no"]),
)
trees = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), kids, max_size=5),
    ),
    max_leaves=25,
)


def _ok_or_located(text: str) -> None:
    try:
        load_text(text, "f.yaml")
    except RoutineError as err:
        assert err.problems
        assert all(p.line >= 1 and p.col >= 1 and p.message for p in err.problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_routine_or_located_errors(text: str) -> None:
    _ok_or_located(text)


@settings(max_examples=300, deadline=None)
@given(trees)
def test_any_yaml_tree_gives_a_routine_or_located_errors(tree: object) -> None:
    _ok_or_located(yaml.safe_dump(tree, allow_unicode=True))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes(raw: bytes) -> None:
    try:
        load_bytes(raw, "f")
    except RoutineError as err:
        assert all(p.line >= 1 for p in err.problems)


@given(st.text(max_size=20))
def test_duration_parser_total(text: str) -> None:
    for parse in (parse_duration_span, parse_breath):
        with contextlib.suppress(DurationError):
            parse(text)


exercise = st.fixed_dictionaries(
    {"name": st.sampled_from(["A", "B", "C"])},
    optional={
        "sides": st.just("both"),
        "sets": st.integers(1, 3),
        "rest": st.sampled_from(["0", "7s"]),
    },
).flatmap(
    lambda e: st.sampled_from(
        [
            {"hold": "12s"},
            {"time": "25s"},
            {"reps": "4"},
            {"reps": "3", "breath": "2s/3s"},
            {"breaths": "3"},
            {"reps": "2", "tempo": "self"},
            {"reps": "3", "hold": "2s"},
            {"flow": [{"name": "x", "hold": "6s"}, {"name": "y", "time": "4s"}]},
        ]
    ).map(lambda w: {**e, **w})
)
routines = st.lists(exercise, min_size=1, max_size=4).map(lambda ex: {"name": "P", "exercises": ex})
ops = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "advance",
                "advance",
                "advance",
                "pause",
                "resume",
                "skip",
                "back",
                "extend",
                "shorten",
                "rep",
                "done",
            ]
        ),
        st.floats(0, 30, allow_nan=False),
    ),
    max_size=40,
)


def _check_stream(events: list[Event]) -> None:
    instants = [e.at for e in events]
    assert instants == sorted(instants), "events out of order"
    open_step: int | None = None
    seen: set[tuple[object, ...]] = set()
    for e in events:
        key = (e.type, e.step, e.value, e.at)
        assert key not in seen or e.type == "step_started", f"duplicated {key}"
        seen.add(key)
        if e.type == "step_started":
            seen = {key}
            # `back` abandons the running step and starts one again without ending it
            open_step = e.step
        elif e.type == "step_ended":
            assert open_step == e.step, "a step ended that had not started"
            open_step = None
        elif e.type != "session_finished":
            assert open_step == e.step or e.type in ("set_done", "exercise_done")
    finished = [e for e in events if e.type == "session_finished"]
    assert len(finished) <= 1 and (not finished or events[-1] is finished[0])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines, ops, st.none() | st.floats(0, 60, allow_nan=False))
def test_engine_keeps_order_under_any_input(
    routine: dict[str, object], script: list[tuple[str, float]], quit_at: float | None
) -> None:
    plan = compile_plan(load_text(yaml.safe_dump(routine)))
    assert plan.total_seconds == sum(s.seconds or 0 for s in plan.steps)
    t = 0.0
    s = Session(plan, t)
    events: list[Event] = []
    for op, dt in script:
        t += dt
        call = {
            "advance": s.advance,
            "pause": s.pause,
            "resume": s.resume,
            "skip": s.skip,
            "back": s.back,
            "rep": s.rep_done,
            "done": s.step_done,
            "extend": lambda now: s.adjust(now, 10),
            "shorten": lambda now: s.adjust(now, -10),
        }[op]
        got = call(t)
        assert all(e.at <= t + 1e-9 for e in got), "an event from the future"
        events += got
    events += s.resume(t)
    if quit_at is not None:  # the user quits: the running step ends as stopped, then nothing
        t += quit_at
        events += s.stop(t)
        assert s.over and s.advance(t + 1000) == [] and s.skip(t + 1000) == []
        if not s.finished:
            assert events[-1].type == "step_ended" and events[-1].value == "stopped"
        _check_stream(events)
        return
    while not s.finished:  # finish: skip self-paced steps, let timed ones run out
        t += 1000
        events += s.advance(t)
        if not s.finished and s.step.self_paced:
            events += s.step_done(t)
    _check_stream(events)


@settings(max_examples=150, deadline=None)
@given(routines, st.lists(st.floats(0.01, 40, allow_nan=False), min_size=1, max_size=60))
def test_late_advance_equals_fine_advance(routine: dict[str, object], gaps: list[float]) -> None:
    text = yaml.safe_dump(routine).replace("self", "2s")
    plan = compile_plan(load_text(text))
    fine, coarse = Session(plan, 0.0), Session(plan, 0.0)
    got: list[Event] = []
    t = 0.0
    for gap in gaps:
        t += gap
        got += fine.advance(t)
    assert [(e.type, e.step, e.at, e.value) for e in got] == [
        (e.type, e.step, e.at, e.value) for e in coarse.advance(t)
    ]
