"""The cue map: which event plays which cue, and never two cues on one instant."""

from __future__ import annotations

import pytest

from backtimer import paths
from backtimer.engine.event import Event
from backtimer.engine.plan import Plan, Step, compile_plan
from backtimer.engine.session import Session
from backtimer.routine.loader import load_routine
from backtimer.routine.model import Breath, Exercise, Routine, Section, Settings, Span, Work
from backtimer.sound.cuemap import CUES, DEFAULT_CUE_MAP, CuePicker, cue_for, cues_for, event_key

SETTINGS = Settings(prepare=5, rest=15, set_rest=10, switch=5)
BREATH = Breath((4.0, 4.0))


def step(kind: str = "work", work: Work | None = None, **kw: object) -> Step:
    base = Step(0, kind, "Ex", 0, "Ex", "Main", "", 1, 1, 30.0, work=work)  # type: ignore[arg-type]
    return base._replace(**kw)  # type: ignore[arg-type]


def ev(type_: str, at: float = 0.0, value: int | str | None = None, index: int = 0) -> Event:
    return Event(type_, index, at, value)  # type: ignore[arg-type]


def exercise(name: str, work: Work, sides: tuple[str, ...] = (), sets: int = 1) -> Exercise:
    return Exercise(name, "", "", "Main", work, (), sides, sets, SETTINGS)


def run(plan: Plan) -> list[Event]:
    """Every event of a whole session, driven at each instant in turn."""
    session = Session(plan, 0.0)
    events: list[Event] = session.advance(0.0)
    now = 0.0
    while not session.finished:
        now += 0.5
        events += session.advance(now)
    return events


def test_every_mapped_cue_is_a_known_cue_with_a_bundled_wav() -> None:
    mapped = {cue for cue in DEFAULT_CUE_MAP.values() if cue is not None}
    assert mapped == set(CUES)
    for cue in CUES:
        assert (paths.sounds_dir() / f"{cue}.wav").is_file(), cue


@pytest.mark.parametrize(
    ("kind", "cue"),
    [
        ("prepare", "get_ready"),
        ("work", "go"),
        ("switch", "switch"),
        ("set_rest", "rest"),
        ("rest", "rest"),
    ],
)
def test_a_step_start_plays_the_cue_of_its_kind(kind: str, cue: str) -> None:
    s = step(kind)
    assert event_key(ev("step_started"), s) == f"step_started.{kind}"
    assert cue_for(ev("step_started"), s) == cue


@pytest.mark.parametrize(
    ("event", "cue"),
    [
        (ev("tick", value=3), "tick"),
        (ev("halfway"), "halfway"),
        (ev("rep", value=2), "rep"),
        (ev("breath", value="inhale"), "inhale"),
        (ev("breath", value="exhale"), "exhale"),
        (ev("breath", value="hold"), None),
        (ev("set_done", value=1), "set_done"),
        (ev("session_finished"), "finish"),
        (ev("side_switch", value="right"), None),
        (ev("step_ended", value="done"), None),
        (ev("exercise_done", value="Ex"), None),
    ],
)
def test_other_events(event: Event, cue: str | None) -> None:
    assert cue_for(event, step()) == cue


def test_breath_paced_reps_are_marked_by_the_breath_alone() -> None:
    paced = Work("reps", count=Span(5, 5), breath_paced=True, breath=BREATH)
    tempo = Work("reps", count=Span(5, 5), tempo=3.0)
    assert cue_for(ev("rep", value=2), step(work=paced)) is None
    assert cue_for(ev("rep", value=2), step(work=tempo)) == "rep"


def test_the_last_set_of_an_exercise_leaves_it_to_what_follows() -> None:
    assert cue_for(ev("set_done"), step(ends_set=True)) == "set_done"
    assert cue_for(ev("set_done"), step(ends_set=True, ends_exercise=True)) is None


def test_a_custom_map_is_data() -> None:
    quiet_ticks = {**DEFAULT_CUE_MAP, "tick": None, "halfway": "tick"}
    assert cue_for(ev("tick"), step(), quiet_ticks) is None
    assert cue_for(ev("halfway"), step(), quiet_ticks) == "tick"


def test_the_picker_sounds_once_per_instant_first_event_wins() -> None:
    picker = CuePicker()
    work, rest = step("work", ends_set=True), step("set_rest")
    assert picker(ev("step_ended", 30.0), work) is None
    assert picker(ev("set_done", 30.0), work) == "set_done"
    assert picker(ev("step_started", 30.0), rest) is None
    assert picker(ev("tick", 37.0), rest) == "tick"
    assert picker(ev("step_started", 40.0), step("work")) == "go"
    assert picker(ev("breath", 40.0, "inhale"), step("work")) is None
    assert picker(ev("breath", 44.0, "exhale"), step("work")) == "exhale"


def test_a_whole_session_sounds_every_transition_once() -> None:
    breath = Work("breaths", count=Span(3, 3), breath=BREATH)
    paced = Work("reps", count=Span(3, 3), breath_paced=True, breath=BREATH)
    routine = Routine(
        "Test",
        "",
        "",
        (
            Section(
                "Main",
                (
                    exercise("Plank", Work("hold", seconds=Span(20, 20)), ("left", "right"), 2),
                    exercise("Breathe", breath),
                    exercise("Bird dog", paced),
                ),
            ),
        ),
    )
    plan = compile_plan(routine)
    cued = cues_for(run(plan), plan.steps)
    instants = [e.at for e, _ in cued]
    assert len(instants) == len(set(instants)), "two cues on one instant"
    cues = [c for _, c in cued]
    assert cues[:2] == ["get_ready", "tick"]
    assert cues[-1] == "finish"
    assert cues.count("switch") == 2  # left -> right, in each of two sets
    assert cues.count("set_done") == 1  # between the plank's sets; exercises end in rest
    assert cues.count("rest") == 2  # after the plank, after breathing
    assert cues.count("get_ready") == 3
    assert cues.count("halfway") == 4  # the holds; a breathing step's falls on an exhale
    assert cues.count("exhale") == 6
    assert "rep" not in cues  # bird dog reps are paced by the breath
    assert cues.count("inhale") == 3 + 3 - 2  # the first inhale of each step is its go


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in paths.bundled_routines_dir().glob("*.yaml"))
)
def test_bundled_routines_never_sound_twice_at_once(name: str) -> None:
    plan = compile_plan(load_routine(paths.bundled_routines_dir() / f"{name}.yaml"))
    timed = plan._replace(steps=tuple(s for s in plan.steps if not s.self_paced))
    cued = cues_for(run(timed), timed.steps)
    instants = [e.at for e, _ in cued]
    assert len(instants) == len(set(instants))
    assert cued[-1][1] == "finish"
