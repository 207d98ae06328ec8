"""An exercise's caution reaches the person before the exercise: on the timeline (`show`),
on the screen's view and in --plain from its get-ready on, and aloud in its get-ready,
which is long enough to say it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from backtimer import paths
from backtimer.engine.clock import FakeClock
from backtimer.engine.plan import caution_lead, compile_plan
from backtimer.engine.session import Session
from backtimer.plain.run import play
from backtimer.present.plan_report import plan_table
from backtimer.present.spoken import laid_out
from backtimer.present.view import describe
from backtimer.routine.loader import load_routine, load_text
from backtimer.routine.model import Routine
from backtimer.run.conductor import Conductor
from backtimer.run.hooks import NullRecorder
from backtimer.sound.player import RecordingPlayer
from backtimer.sound.script import Script, VoiceStyle

COBRA = "Skip the cobra if it causes any discomfort or pain in your lower back."
LONG = " ".join(["Stop at once if it hurts, and ask a doctor first."] * 6)  # 66 words


def cautioned(prepare: str = "5s", rest: str = "15s", caution: str = COBRA) -> Routine:
    return load_text(
        f"name: C\ndefaults: {{prepare: {prepare}, rest: {rest}}}\nexercises:\n"
        "  - {name: Sphinx, hold: 20s}\n"
        f"  - name: Cobra\n    caution: {caution}\n    hold: 20s\n    sides: both\n"
        "  - {name: Child's pose, hold: 30s}\n",
        "c.yaml",
    )


def test_every_step_of_the_exercise_carries_its_caution_but_the_rest_after_it() -> None:
    plan = compile_plan(cautioned())
    cobra = [(s.kind, s.caution) for s in plan.steps if s.exercise == "Cobra"]
    assert [k for k, _ in cobra] == ["prepare", "work", "switch", "work", "rest"]
    assert [c for k, c in cobra if k != "rest"] == [COBRA] * 4
    assert cobra[-1][1] == ""
    assert all(s.caution == "" for s in plan.steps if s.exercise != "Cobra")


@pytest.mark.parametrize(("prepare", "rest"), [("5s", "15s"), ("0", "0"), ("30s", "0")])
def test_a_cautioned_exercise_gets_ready_long_enough_to_hear_it(prepare: str, rest: str) -> None:
    plan = compile_plan(cautioned(prepare, rest, LONG))
    get_ready = next(s for s in plan.steps if s.exercise == "Cobra" and s.kind == "prepare")
    assert get_ready.seconds == max(float(prepare.rstrip("s")), caution_lead(LONG))
    assert caution_lead(LONG) == 31  # 4 s + 66 words at 2.5 a second, rounded up
    assert caution_lead("") == 0
    others = [s for s in plan.steps if s.kind == "prepare" and s.exercise != "Cobra"]
    assert all(s.seconds == float(prepare.rstrip("s")) for s in others)


def test_the_voice_says_the_caution_in_the_get_ready_in_both_forms() -> None:
    plan = compile_plan(cautioned())
    get_ready = next(s for s in plan.steps if s.exercise == "Cobra" and s.kind == "prepare")
    full, short = Script(plan)._announcement(get_ready)
    said = f"Caution. {COBRA}"
    assert full == f"Cobra, left side. Twenty seconds. {said}"
    assert short == f"Cobra, left side. {said}"
    assert {full, short} <= set(Script(plan).all_texts())
    switch = next(s for s in plan.steps if s.exercise == "Cobra" and s.kind == "switch")
    assert "Caution" not in Script(plan)._announcement(switch)[0]


def estimate(words_a_second: float) -> object:
    return lambda text: len(text.split()) / words_a_second + 0.2


def caution_said(r: Routine, style: VoiceStyle, words_a_second: float) -> list[str]:
    """The cautioned exercises whose caution is not said in full before their work."""
    plan = compile_plan(r)
    placed, _ = laid_out(plan, style, estimate(words_a_second))  # type: ignore[arg-type]
    first_work: dict[int, tuple[float, str]] = {}
    t = 0.0
    for step in plan.steps:
        if step.kind == "work" and step.caution:
            first_work.setdefault(step.exercise_index, (t, step.caution))
        t += step.seconds or 0.0
    missing = []
    for index, (work_at, caution) in first_work.items():
        said = f"Caution. {' '.join(caution.split())}"
        if not any(said in p.text and p.at < work_at for p in placed):
            missing.append(f"exercise {index + 1}")
    return missing


@pytest.mark.parametrize("read_cues", [False, True])
@pytest.mark.parametrize("words_a_second", [2.5, 2.75])
def test_every_bundled_caution_is_said_before_its_exercise(
    read_cues: bool, words_a_second: float
) -> None:
    style = VoiceStyle(read_cues=read_cues)
    for path in sorted(paths.bundled_routines_dir().glob("*.yaml")):
        r = load_routine(path)
        assert caution_said(r, style, words_a_second) == [], path.name


def test_a_long_caution_with_no_get_ready_and_no_rest_is_still_said() -> None:
    assert caution_said(cautioned("0", "0", LONG), VoiceStyle(read_cues=True), 2.5) == []


def test_the_view_shows_the_caution_from_the_get_ready_to_the_last_set() -> None:
    plan = compile_plan(cautioned())
    session = Session(plan, 0.0)
    seen = []
    while not session.finished:
        seen.append((session.step.exercise, session.step.kind, describe(session, 0.0).caution))
        assert session.deadline is not None
        session.advance(session.deadline)
    assert [c for e, k, c in seen if e == "Cobra" and k != "rest"] == [COBRA] * 4
    assert all(c == "" for e, k, c in seen if e != "Cobra" or k == "rest")


def test_plain_prints_the_caution_once_when_the_exercise_gets_ready() -> None:
    clock, out = FakeClock(), io.StringIO()
    plan = compile_plan(cautioned())
    conductor = Conductor(
        plan, clock, RecordingPlayer(clock.now), NullRecorder(), lambda e, s: None
    )

    def wait(seconds: float | None) -> str | None:
        assert seconds is not None
        clock.advance(seconds)
        return None

    play(conductor, out, wait, False, None)
    lines = out.getvalue().splitlines()
    assert lines.count(f"  Caution: {COBRA}") == 1
    at = lines.index(f"  Caution: {COBRA}")
    assert "GET READY  Cobra" in lines[at - 1]


def test_show_prints_the_caution_under_the_get_ready(tmp_path: Path) -> None:
    r = cautioned()
    lines = plan_table(r, compile_plan(r)).splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith(f"caution: {COBRA}"))
    assert "get ready" in lines[at - 1] and "Cobra" in lines[at - 1]
    assert sum("caution:" in line for line in lines) == 1
