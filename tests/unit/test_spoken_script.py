"""What the voice says (cues/words.py, cues/script.py) on real compiled plans. Pure: no
audio, no clock."""

from __future__ import annotations

import pytest
from routine_builders import breaths, exercise, hold, reps, routine

from backtimer.engine.event import Event
from backtimer.engine.plan import Plan, compile_plan
from backtimer.engine.session import Session
from backtimer.routine.loader import load_text
from backtimer.routine.model import Breath, Settings, Work
from backtimer.sound import words
from backtimer.sound.script import Line, Script, event_key
from backtimer.sound.voice.style import VoiceStyle

PLAIN = Settings(prepare=5, rest=20, set_rest=30, switch=5)
"""Round numbers, so the spoken durations are easy to read in the tests."""
UNPREPARED = PLAIN._replace(prepare=0)


def plan_of(text: str) -> Plan:
    return compile_plan(load_text(text))


def whole_session(plan: Plan) -> list[Event]:
    """Every event of the session run straight through; self-paced steps done at once."""
    session, now, events = Session(plan, 0.0), 0.0, []
    while not session.over:
        now += 100_000.0
        events += session.advance(now)
        if not session.over and session.step.self_paced:
            events += session.step_done(now)
    return events


def said(plan: Plan, style: VoiceStyle | None = None, total: float | None = None) -> list[Line]:
    """Every line of a whole session, in order."""
    script = Script(plan, style)
    return [ln for e in whole_session(plan) for ln in script.lines(e, total)]


def texts(plan: Plan, style: VoiceStyle | None = None) -> list[str]:
    return [ln.text for ln in said(plan, style)]


def started(plan: Plan, kind: str, style: VoiceStyle | None = None) -> list[str]:
    """The lines said at the start of each step of `kind`."""
    script, out = Script(plan, style), []
    for event in whole_session(plan):
        lines = script.lines(event)
        if event.type == "step_started" and plan.steps[event.step].kind == kind:
            out += [ln.text for ln in lines]
    return out


# -- words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "spoken"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (20, "twenty"),
        (21, "twenty-one"),
        (45, "forty-five"),
        (100, "one hundred"),
        (115, "one hundred and fifteen"),
        (999, "nine hundred and ninety-nine"),
        (1000, "1000"),  # beyond words: digits, which the voice reads too
        (-3, "-3"),
    ],
)
def test_number_in_words(n: int, spoken: str) -> None:
    assert words.number(n) == spoken


@pytest.mark.parametrize(
    ("seconds", "spoken"),
    [
        (30, "thirty seconds"),
        (1, "one second"),
        (0, "zero seconds"),
        (60, "one minute"),
        (61, "one minute one second"),
        (90, "one minute thirty seconds"),
        (120, "two minutes"),
        (59.6, "one minute"),  # rounded to whole seconds first
        (3600, "one hour"),
        (3725, "one hour two minutes"),  # past an hour the seconds are left out
        (7260, "two hours one minute"),
        (-5, "zero seconds"),
    ],
)
def test_duration_in_words(seconds: float, spoken: str) -> None:
    assert words.duration(seconds) == spoken


def test_plural_says_one_without_an_s() -> None:
    assert words.plural(1, "rep") == "one rep"
    assert words.plural(2, "rep") == "two reps"


def test_sentence_capitalises_and_ends_with_a_stop() -> None:
    assert words.sentence("thirty seconds") == "Thirty seconds."
    assert words.sentence("  knees left  ") == "Knees left."
    assert words.sentence("Keep a straight line.") == "Keep a straight line."
    assert words.sentence("ready?") == "Ready?"
    assert words.sentence("go!") == "Go!"
    assert words.sentence("iPad stays") == "IPad stays."  # only the first letter changes
    assert words.sentence("") == "" and words.sentence("   ") == ""


# -- announcements ----------------------------------------------------------------


SIDE_PLANK = "name: S\nexercises:\n  - {name: Side plank, hold: 30s, sides: both}\n"


def test_sided_hold_names_the_side_at_get_ready_and_at_the_switch() -> None:
    plan = plan_of(SIDE_PLANK)
    assert [s.kind for s in plan.steps] == ["prepare", "work", "switch", "work"]
    script = Script(plan)
    events = whole_session(plan)
    get_ready = events[0]
    assert (get_ready.type, get_ready.step) == ("step_started", 0)
    assert script.lines(get_ready) == [
        Line(
            event_key(get_ready),
            0.0,
            "Side plank, left side. Thirty seconds.",
            "Side plank, left side.",
            until=5.0,  # said before the get-ready ends
        )
    ]
    switch = next(e for e in events if e.type == "step_started" and e.step == 2)
    (line,) = script.lines(switch)
    assert (line.text, line.short, line.at, line.until) == (
        "Switch. Right side.",
        "Right side.",
        35.0,
        40.0,
    )
    assert not line.replaces  # the switch tone sounds as well


def test_custom_side_labels_are_said_as_written() -> None:
    plan = plan_of(
        "name: T\nexercises:\n  - {name: Knee twist, hold: 30s, sides: [knees right, knees left]}\n"
    )
    assert [s.side for s in plan.steps if s.kind == "work"] == ["knees right", "knees left"]
    assert started(plan, "prepare") == ["Knee twist, knees right. Thirty seconds."]
    assert started(plan, "switch") == ["Switch. Knees left."]
    assert "side" not in " ".join(texts(plan))  # no "knees left side"


def test_left_and_right_phrases_differ() -> None:
    plan = plan_of(SIDE_PLANK)
    [first], [second] = started(plan, "prepare"), started(plan, "switch")
    assert "left" in first and "right" not in first
    assert "right" in second.lower() and "left" not in second


def test_no_switch_step_announces_the_other_side_with_the_work() -> None:
    no_switch = PLAIN._replace(switch=0)
    plan = compile_plan(
        routine("R", exercise("Side plank", hold(30), sides=("left", "right"), settings=no_switch))
    )
    assert [s.kind for s in plan.steps] == ["prepare", "work", "work"]
    assert started(plan, "work") == ["Side plank, right side. Thirty seconds."]


def test_reps_and_breaths_say_their_count() -> None:
    plan = compile_plan(
        routine(
            "R",
            exercise("Bridge", reps(12), settings=PLAIN),
            exercise("Child's pose", breaths(6), settings=PLAIN),
        )
    )
    assert started(plan, "prepare") == ["Bridge. Twelve reps.", "Child's pose. Six breaths."]


def test_one_rep_and_self_paced_reps() -> None:
    plan = compile_plan(
        routine(
            "R",
            exercise("Bridge", reps(1), settings=PLAIN),
            exercise("Bird dog", reps(10, tempo=None), settings=PLAIN),
        )
    )
    assert plan.steps[-1].self_paced
    assert started(plan, "prepare") == [
        "Bridge. One rep.",
        "Bird dog. Ten reps, at your own pace.",
    ]


def test_time_work_says_its_duration() -> None:
    plan = compile_plan(
        routine("R", exercise("Shrugs", Work("time", seconds=hold(90).seconds), settings=PLAIN))
    )
    assert started(plan, "prepare") == ["Shrugs. One minute thirty seconds."]


def test_sets_are_counted_at_the_start_and_on_each_set_rest() -> None:
    plan = compile_plan(routine("R", exercise("Plank", hold(30), sets=3, settings=PLAIN)))
    assert started(plan, "prepare") == ["Plank. Thirty seconds. Three sets."]
    assert started(plan, "set_rest") == [
        "Rest, thirty seconds. Next: set two of three.",
        "Rest, thirty seconds. Next: last set.",
    ]
    # The work steps after a get-ready or a set rest are not announced again.
    assert started(plan, "work") == []


def test_set_rest_short_form() -> None:
    plan = compile_plan(routine("R", exercise("Plank", hold(30), sets=2, settings=PLAIN)))
    lines = [ln for ln in said(plan) if ln.text.startswith("Rest,")]
    assert [(ln.text, ln.short) for ln in lines] == [
        ("Rest, thirty seconds. Next: last set.", "Rest.")
    ]


def test_two_sets_without_set_rest_announce_the_second_set_on_its_work() -> None:
    plan = compile_plan(
        routine("R", exercise("Plank", hold(30), sets=2, settings=UNPREPARED._replace(set_rest=0)))
    )
    assert started(plan, "work") == [
        "Plank. Thirty seconds. Two sets.",
        "Plank. Thirty seconds. Last set.",
    ]


def test_rest_between_exercises_names_what_comes_next() -> None:
    plan = compile_plan(
        routine(
            "R",
            exercise("Plank", hold(30), settings=PLAIN),
            exercise("Bridge", reps(12), settings=PLAIN),
        )
    )
    rest = [ln for ln in said(plan) if ln.text.startswith("Rest")]
    assert [(ln.text, ln.short) for ln in rest] == [
        ("Rest, twenty seconds. Next: Bridge.", "Next: Bridge.")
    ]
    # The get-ready after it gives the dose.
    assert started(plan, "prepare") == ["Plank. Thirty seconds.", "Bridge. Twelve reps."]


def test_rest_before_an_exercise_without_get_ready_gives_its_dose() -> None:
    plan = compile_plan(
        routine(
            "R",
            exercise("Plank", hold(30), settings=UNPREPARED),
            exercise("Bridge", reps(12), settings=UNPREPARED),
        )
    )
    assert started(plan, "rest") == ["Rest, twenty seconds. Next: Bridge, twelve reps."]
    assert started(plan, "work") == ["Plank. Thirty seconds."]  # Bridge: the rest said it


def test_rest_before_a_sided_exercise_without_get_ready_names_the_first_side() -> None:
    plan = compile_plan(
        routine(
            "R",
            exercise("Plank", hold(30), settings=UNPREPARED),
            exercise("Side plank", hold(30), sides=("left", "right"), settings=UNPREPARED),
        )
    )
    assert started(plan, "rest") == [
        "Rest, twenty seconds. Next: Side plank, left side, thirty seconds."
    ]
    assert started(plan, "switch") == ["Switch. Right side."]


FLOW = """name: F
exercises:
  - name: Lunge to pigeon
    sides: [left leg, right leg]
    flow:
      - {name: Low lunge, hold: 30s}
      - {name: Pigeon pose, hold: 20s}
"""


def test_flow_names_each_pose_and_the_pose_it_starts_again_at_on_a_side_change() -> None:
    plan = plan_of(FLOW)
    assert [(s.kind, s.item, s.side_change) for s in plan.steps if s.kind == "switch"] == [
        ("switch", "Pigeon pose", False),
        ("switch", "Low lunge", True),
        ("switch", "Pigeon pose", False),
    ]
    assert started(plan, "prepare") == ["Low lunge, left leg. Thirty seconds."]
    assert started(plan, "switch") == [
        "Pigeon pose, left leg. Twenty seconds.",
        "Switch. Low lunge, right leg.",  # not just "Right leg." after the pigeon
        "Pigeon pose, right leg. Twenty seconds.",
    ]


# -- countdown, halfway, breaths ----------------------------------------------------


def test_ticks_are_counted_aloud_only_with_countdown() -> None:
    plan = compile_plan(routine("R", exercise("Plank", hold(30), settings=UNPREPARED)))
    counted = [ln for ln in said(plan, VoiceStyle(countdown=True)) if ln.slack == 0.0]
    assert [(ln.text, ln.at, ln.until) for ln in counted] == [
        ("Three.", 27.0, 28.0),
        ("Two.", 28.0, 29.0),
        ("One.", 29.0, 30.0),
    ]
    assert all(ln.replaces for ln in counted)  # said instead of the tick tone
    quiet = texts(plan, VoiceStyle(countdown=False))
    assert not {"Three.", "Two.", "One."} & set(quiet)


def test_halfway_is_said_except_in_steps_with_a_breath_pattern() -> None:
    paced = Work("hold", seconds=hold(30).seconds, breath=Breath((4.0, 4.0)))
    plan = compile_plan(
        routine(
            "R",
            exercise("Plank", hold(30), settings=UNPREPARED),
            exercise("Still", paced, settings=UNPREPARED),
        )
    )
    halfway = [ln for ln in said(plan) if ln.text == "Halfway."]
    # The plank's halfway (15) and the rest's (30 + 10); none in the paced hold.
    assert [ln.at for ln in halfway] == [15.0, 40.0]
    assert all(ln.replaces and ln.slack == 0.5 for ln in halfway)
    assert plan.steps[2].breath is not None and len(plan.steps) == 3


def breath_lines(plan: Plan, style: VoiceStyle) -> list[tuple[str, float, float | None]]:
    return [(ln.text, ln.at, ln.until) for ln in said(plan, style) if ln.slack == 0.3]


def test_breaths_are_said_for_the_first_cycles_only() -> None:
    plan = compile_plan(routine("R", exercise("Child's pose", breaths(6), settings=UNPREPARED)))
    assert breath_lines(plan, VoiceStyle(breaths=2)) == [
        ("Breathe in.", 0.0, 4.0),
        ("Breathe out.", 4.0, 8.0),
        ("Breathe in.", 8.0, 12.0),
        ("Breathe out.", 12.0, 16.0),
    ]
    assert len(breath_lines(plan, VoiceStyle(breaths=1))) == 2
    assert breath_lines(plan, VoiceStyle(breaths=0)) == []
    assert len(breath_lines(plan, VoiceStyle(breaths=99))) == 12  # all six cycles


def test_four_phase_breath_says_hold() -> None:
    plan = compile_plan(routine("R", exercise("Box", breaths(3, 4, 2, 6, 2), settings=UNPREPARED)))
    assert breath_lines(plan, VoiceStyle(breaths=1)) == [
        ("Breathe in.", 0.0, 4.0),
        ("Hold.", 4.0, 6.0),
        ("Breathe out.", 6.0, 12.0),
        ("Hold.", 12.0, 14.0),
    ]


def test_breaths_count_from_each_step_of_their_own() -> None:
    """The second exercise's first cycles are said too, not counted on from the first."""
    plan = compile_plan(
        routine(
            "R",
            exercise("Child's pose", breaths(3), settings=UNPREPARED),
            exercise("Puppy", breaths(3), settings=UNPREPARED),
        )
    )
    lines = breath_lines(plan, VoiceStyle(breaths=1))
    assert [at for _, at, _ in lines] == [0.0, 4.0, 44.0, 48.0]  # 24 s + 20 s rest


def test_breaths_are_counted_by_their_cycle_after_a_pause() -> None:
    """A pause shifts the step's start; the first cycles are still the ones said."""
    plan = compile_plan(routine("R", exercise("Child's pose", breaths(6), settings=UNPREPARED)))
    script = Script(plan, VoiceStyle(breaths=2))
    session = Session(plan, 0.0)
    events = session.advance(1.0)
    session.pause(1.0)
    events += session.resume(31.0)
    events += session.advance(1000.0)
    spoken = [ln.text for e in events for ln in script.lines(e) if ln.slack == 0.3]
    assert spoken == ["Breathe in.", "Breathe out.", "Breathe in.", "Breathe out."]


# -- say, cues, the end ---------------------------------------------------------------


def test_say_replaces_the_name_everywhere() -> None:
    plan = plan_of(
        "name: S\ndefaults: {rest: 20s}\nexercises:\n"
        "  - {name: Plank, hold: 30s}\n"
        "  - {name: Cat-cow (spine flex), say: Cat cow, reps: 3, sides: both}\n"
    )
    spoken = texts(plan)
    assert "Rest, twenty seconds. Next: Cat cow." in spoken
    assert "Cat cow, left side. Three reps." in spoken
    assert not any("spine" in t or "Cat-cow" in t for t in spoken)


def test_say_on_a_flow_item() -> None:
    plan = plan_of(
        "name: S\nexercises:\n  - name: Lunge\n    flow:\n"
        "      - {name: Low lunge (front knee over ankle), say: Low lunge, hold: 30s}\n"
        "      - {name: Pigeon pose, hold: 20s, say: Pigeon}\n"
    )
    assert started(plan, "prepare") == ["Low lunge. Thirty seconds."]
    assert started(plan, "switch") == ["Pigeon. Twenty seconds."]


def test_read_cues_appends_the_cue() -> None:
    plan = compile_plan(
        routine(
            "R",
            exercise("Plank", hold(30), cue="keep a straight line", settings=PLAIN),
            exercise("Bridge", reps(12), settings=PLAIN),
        )
    )
    assert started(plan, "prepare", VoiceStyle(read_cues=True)) == [
        "Plank. Thirty seconds. Keep a straight line.",
        "Bridge. Twelve reps.",  # no cue: nothing added
    ]
    assert started(plan, "prepare", VoiceStyle(read_cues=False))[0] == "Plank. Thirty seconds."


def test_session_finished_says_how_long_it_took() -> None:
    plan = compile_plan(routine("R", exercise("Plank", hold(30), settings=UNPREPARED)))
    end = whole_session(plan)[-1]
    assert end.type == "session_finished"
    script = Script(plan)
    assert script.lines(end, 960) == [
        Line(event_key(end), 30.0, "Session complete. Sixteen minutes.", "Session complete.")
    ]
    assert [ln.text for ln in script.lines(end)] == ["Session complete."]
    assert [ln.text for ln in script.lines(end, 0.0)] == ["Session complete."]


def test_events_with_nothing_to_say() -> None:
    plan = compile_plan(routine("R", exercise("Bridge", reps(3), settings=UNPREPARED)))
    quiet = {"rep", "step_ended", "set_done", "exercise_done", "side_switch"}
    script = Script(plan)
    events = whole_session(plan)
    assert {e.type for e in events} >= {"rep", "step_ended", "set_done", "exercise_done"}
    for event in events:
        if event.type in quiet:
            assert script.lines(event) == []


# -- all_texts ------------------------------------------------------------------------

EVERYTHING = """name: Everything
defaults: {prepare: 5s, rest: 15s, set_rest: 20s, switch: 5s}
exercises:
  - {name: Cat-cow, say: Cat cow, reps: 4, breath: 3s/3s, cue: round the back}
  - {name: Side plank, hold: 30s, sides: both, sets: 2}
  - {name: Knee twist, hold: 25s, sides: [knees right, knees left], prepare: 0}
  - name: Lunge to pigeon
    sides: [left leg, right leg]
    sets: 2
    flow:
      - {name: Low lunge, hold: 30s, cue: front knee over ankle}
      - {name: Pigeon pose, say: Pigeon, hold: 20s}
  - {name: Child's pose, breaths: 3, breath: 4s/2s/6s/2s, rest: 0s}
  - {name: Bridge, reps: 12, hold: 2s}
  - {name: Bird dog, reps: 6, tempo: self, sides: both}
  - {name: Plank, hold: 45s, sets: 3, prepare: 0}
"""


@pytest.mark.parametrize(
    "style",
    [
        VoiceStyle(),
        VoiceStyle(read_cues=True, countdown=True, breaths=99),
        VoiceStyle(read_cues=False, countdown=False, breaths=0),
    ],
)
def test_all_texts_holds_every_phrase_of_a_session(style: VoiceStyle) -> None:
    plan = plan_of(EVERYTHING)
    assert plan.self_paced_steps == 2
    lines = said(plan, style, total=1234.0)
    spoken = {t for ln in lines for t in (ln.text, ln.short) if t}
    everything = set(Script(plan, style).all_texts())
    # The end's full form depends on the time it really took, unknown with self-paced steps.
    assert spoken - everything == {"Session complete. Twenty minutes thirty-four seconds."}
    assert len(spoken) > 30


def test_all_texts_holds_the_planned_end_of_a_timed_session() -> None:
    plan = plan_of(EVERYTHING.replace("tempo: self", "tempo: 2s"))
    assert plan.self_paced_steps == 0
    style = VoiceStyle(read_cues=True)
    lines = said(plan, style, total=plan.total_seconds)
    spoken = {t for ln in lines for t in (ln.text, ln.short) if t}
    everything = Script(plan, style).all_texts()
    assert spoken <= set(everything)
    assert f"Session complete. {words.sentence(words.duration(plan.total_seconds))}" in everything
    assert len(everything) == len(set(everything))  # each once


def test_all_texts_follows_the_plan_order() -> None:
    plan = compile_plan(
        routine(
            "R",
            exercise("Plank", hold(30), settings=PLAIN),
            exercise("Bridge", reps(12), settings=PLAIN),
        )
    )
    everything = Script(plan).all_texts()
    assert everything[:4] == [
        "Plank. Thirty seconds.",
        "Plank.",
        "Rest, twenty seconds. Next: Bridge.",
        "Next: Bridge.",
    ]


def test_reps_held_at_the_top_say_lift_hold_lower_for_the_first_reps() -> None:
    plan = plan_of("name: R\nexercises:\n  - {name: Bridge, reps: 4, hold: 3s, tempo: 4s}\n")
    work = next(s for s in plan.steps if s.kind == "work")
    start = whole_session(plan)
    lines = [ln for e in start for ln in Script(plan, VoiceStyle(breaths=2)).lines(e)]
    phases = [(ln.text, ln.at) for ln in lines if ln.text in ("Lift.", "Hold.", "Lower.")]
    t0 = next(e.at for e in start if e.type == "step_started" and e.step == work.index)
    assert phases == [
        ("Lift.", t0),
        ("Hold.", t0 + 2),
        ("Lower.", t0 + 5),
        ("Lift.", t0 + 7),
        ("Hold.", t0 + 9),
        ("Lower.", t0 + 12),
    ]
