"""arrange() (cues/timeline.py): tones and phrases on one timeline, none overlapping, none
late; and Session.lookahead, the events it lays out ahead. Pure: no audio, no clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from routine_builders import breaths, exercise, hold, reps, routine

from backtimer.engine.event import Event
from backtimer.engine.plan import Plan, compile_plan
from backtimer.engine.session import Session
from backtimer.routine.loader import load_text
from backtimer.routine.model import Settings
from backtimer.sound.cuemap import CuePicker
from backtimer.sound.script import EventKey, Line, Script, VoiceStyle, event_key
from backtimer.sound.timeline import GAP, Placed, Tone, arrange

TONE = 0.3
T0 = 1000.0


def key(name: str) -> EventKey:
    return (name,)


def tone_seconds(cue: str) -> float:
    return TONE


def lengths(table: dict[str, float]) -> Callable[[str], float | None]:
    """phrase_seconds from a table; a text not in it has no rendering (None)."""
    return lambda text: table.get(text)


def r(instant: float) -> float:
    """Instants compared to the microsecond (sums of lengths are not exact in binary)."""
    return round(instant, 6)


def phrases(placed: Sequence[Placed]) -> list[tuple[str, float]]:
    return [(p.text, r(p.at)) for p in placed if p.text]


def tones_of(placed: Sequence[Placed]) -> list[tuple[str, float]]:
    return [(p.cue, r(p.at)) for p in placed if p.cue]


def spans(
    placed: Sequence[Placed], seconds: dict[str, float], speed: float = 1.0
) -> list[tuple[float, float, Placed]]:
    out = []
    for p in placed:
        length = seconds[p.text] if p.text else TONE
        out.append((p.at, p.at + length * speed, p))
    return sorted(out, key=lambda s: s[0])


def assert_no_phrase_overlaps(
    placed: Sequence[Placed], seconds: dict[str, float], speed: float = 1.0
) -> None:
    """No phrase shares a moment (or the GAP around it) with any other sound."""
    items = spans(placed, seconds, speed)
    for i, (a, b, p) in enumerate(items):
        for c, d, q in items[i + 1 :]:
            if not (p.text or q.text):
                continue  # tones may sound together: they sound at their instants
            apart = c >= b + GAP * speed - 1e-9 or a >= d + GAP * speed - 1e-9
            assert apart, f"{p} and {q} overlap"


# -- one rule at a time ------------------------------------------------------------


def test_a_phrase_on_a_tones_instant_starts_after_the_tone_and_the_gap() -> None:
    tones = [Tone(key("go"), "go", 10.0)]
    lines = [Line(key("go"), 10.0, "Plank. Thirty seconds.")]
    placed = arrange(tones, lines, tone_seconds, lengths({"Plank. Thirty seconds.": 1.5}))
    assert tones_of(placed) == [("go", 10.0)]
    assert phrases(placed) == [("Plank. Thirty seconds.", r(10.0 + TONE + GAP))]
    assert [p.due for p in placed] == [10.0, 10.0]
    assert [p.key for p in placed] == [key("go"), key("go")]
    assert placed[0].cue and not placed[1].cue  # the tone first, then the phrase


def test_a_phrase_before_a_tone_ends_a_gap_before_it() -> None:
    tones = [Tone(key("tick"), "tick", 11.0)]
    table = {"Long enough.": 1.0 - GAP - 0.01, "Too long.": 1.0 - GAP + 0.01}
    ok = arrange(tones, [Line(key("a"), 10.0, "Long enough.")], tone_seconds, lengths(table))
    assert phrases(ok) == [("Long enough.", 10.0)]
    late = arrange(tones, [Line(key("a"), 10.0, "Too long.")], tone_seconds, lengths(table))
    assert phrases(late) == [("Too long.", r(11.0 + TONE + GAP))]  # after it


def test_two_phrases_never_overlap() -> None:
    table = {"First.": 1.0, "Second.": 0.5, "Third.": 0.25}
    lines = [
        Line(key("a"), 0.0, "First."),
        Line(key("b"), 0.4, "Second."),
        Line(key("c"), 0.5, "Third."),
    ]
    placed = arrange([], lines, tone_seconds, lengths(table))
    assert phrases(placed) == [
        ("First.", 0.0),
        ("Second.", r(1.0 + GAP)),
        ("Third.", r(1.0 + GAP + 0.5 + GAP)),
    ]
    assert_no_phrase_overlaps(placed, table)


def test_a_phrase_that_cannot_fit_before_until_says_its_short_form_or_nothing() -> None:
    table = {"Side plank, left side. Thirty seconds.": 3.0, "Side plank, left side.": 1.5}
    full, short = table
    tones = [Tone(key("ready"), "get_ready", 0.0)]

    def said(until: float) -> list[tuple[str, float]]:
        lines = [Line(key("ready"), 0.0, full, short, until=until)]
        return phrases(arrange(tones, lines, tone_seconds, lengths(table)))

    start = TONE + GAP
    assert said(until=start + 3.0) == [(full, r(start))]
    assert said(until=start + 2.9) == [(short, r(start))]
    assert said(until=start + 1.4) == []
    # No short form: nothing.
    alone = [Line(key("ready"), 0.0, full, until=start + 2.9)]
    assert phrases(arrange(tones, alone, tone_seconds, lengths(table))) == []


def test_a_short_form_is_used_when_the_full_one_would_run_into_the_next_sound() -> None:
    table = {"Rest, twenty seconds. Next: bridge.": 2.5, "Next: bridge.": 0.8}
    full, short = table
    tones = [Tone(key("rest"), "rest", 0.0), Tone(key("halfway"), "halfway", 2.0)]
    lines = [Line(key("rest"), 0.0, full, short, until=3.0)]
    placed = arrange(tones, lines, tone_seconds, lengths(table))
    assert phrases(placed) == [(short, r(TONE + GAP))]
    assert_no_phrase_overlaps(placed, table)


def test_an_unrendered_phrase_is_left_out() -> None:
    lines = [Line(key("a"), 0.0, "No voice for this.")]
    assert arrange([], lines, tone_seconds, lengths({})) == []


def test_a_replacing_line_that_fits_is_said_instead_of_its_tone() -> None:
    tones = [Tone(key("halfway"), "halfway", 15.0)]
    lines = [Line(key("halfway"), 15.0, "Halfway.", slack=0.5, replaces=True)]
    placed = arrange(tones, lines, tone_seconds, lengths({"Halfway.": 0.6}))
    assert placed == [Placed(key("halfway"), 15.0, text="Halfway.", due=15.0)]


def test_a_dropped_replacing_line_gives_its_tone_back() -> None:
    # Another event's tone just after halfway leaves no room for the phrase before it,
    # and after it the phrase would start later than its slack allows.
    tones = [Tone(key("halfway"), "halfway", 15.0), Tone(key("rep"), "rep", 15.5)]
    lines = [Line(key("halfway"), 15.0, "Halfway.", slack=0.5, replaces=True)]
    placed = arrange(tones, lines, tone_seconds, lengths({"Halfway.": 0.6}))
    assert phrases(placed) == []
    assert tones_of(placed) == [("halfway", 15.0), ("rep", 15.5)]
    # Without a rendering (no voice for it), the tone sounds too.
    placed = arrange(tones[:1], lines, tone_seconds, lengths({}))
    assert tones_of(placed) == [("halfway", 15.0)] and phrases(placed) == []


def test_a_replacing_line_may_start_within_its_slack() -> None:
    tones = [Tone(key("halfway"), "halfway", 15.0), Tone(key("rep"), "rep", 14.9)]
    lines = [Line(key("halfway"), 15.0, "Halfway.", slack=0.5, replaces=True)]
    placed = arrange(tones, lines, tone_seconds, lengths({"Halfway.": 0.6}))
    start = 14.9 + TONE + GAP
    assert start - 15.0 <= 0.5
    assert phrases(placed) == [("Halfway.", r(start))]
    assert tones_of(placed) == [("rep", 14.9)]


def test_an_exact_line_that_fits_replaces_its_tone_and_starts_on_its_instant() -> None:
    tones = [Tone(key(f"tick{n}"), "tick", at) for n, at in ((3, 27.0), (2, 28.0), (1, 29.0))]
    lines = [
        Line(key(f"tick{n}"), at, text, until=at + 1.0, slack=0.0, replaces=True)
        for n, at, text in ((3, 27.0, "Three."), (2, 28.0, "Two."), (1, 29.0, "One."))
    ]
    table = {"Three.": 0.5, "Two.": 0.4, "One.": 0.4}
    placed = arrange(tones, lines, tone_seconds, lengths(table))
    assert tones_of(placed) == []
    assert phrases(placed) == [("Three.", 27.0), ("Two.", 28.0), ("One.", 29.0)]


def test_an_exact_line_is_never_late_its_tone_sounds_instead() -> None:
    """A count that would run into the next one is not said; its tick sounds."""
    tones = [Tone(key("tick3"), "tick", 27.0), Tone(key("tick2"), "tick", 28.0)]
    lines = [
        Line(key("tick3"), 27.0, "Three, long.", until=28.0, slack=0.0, replaces=True),
        Line(key("tick2"), 28.0, "Two.", until=29.0, slack=0.0, replaces=True),
    ]
    placed = arrange(tones, lines, tone_seconds, lengths({"Three, long.": 1.2, "Two.": 0.4}))
    assert tones_of(placed) == [("tick", 27.0)]
    assert phrases(placed) == [("Two.", 28.0)]


def test_an_exact_line_is_not_said_over_another_events_tone() -> None:
    """The last paced rep's tone falls on a tick (CuePicker gives the instant to the rep):
    the count is not said over it."""
    tones = [Tone(key("rep12"), "rep", 22.0)]  # the tick at 22 lost its tone to the rep
    lines = [Line(key("tick2"), 22.0, "Two.", until=23.0, slack=0.0, replaces=True)]
    table = {"Two.": 0.4}
    placed = arrange(tones, lines, tone_seconds, lengths(table))
    assert tones_of(placed) == [("rep", 22.0)]
    assert phrases(placed) == []
    assert_no_phrase_overlaps(placed, table)


def test_speed_scales_lengths_and_drops_phrases_too_long_for_the_step() -> None:
    table = {"Side plank, left side. Thirty seconds.": 2.0, "Side plank, left side.": 1.0}
    full, short = table
    tones = [Tone(key("ready"), "get_ready", 0.0)]
    lines = [Line(key("ready"), 0.0, full, short, until=5.0)]
    # Real time: the full text fits the 5 s get-ready.
    assert phrases(arrange(tones, lines, tone_seconds, lengths(table))) == [(full, r(TONE + GAP))]
    # Twenty times faster: 40 and 20 session seconds, neither fits.
    assert phrases(arrange(tones, lines, tone_seconds, lengths(table), speed=20)) == []
    # Five times faster: the tone and the gap scale too, the short form fits.
    fast = arrange(tones, lines, tone_seconds, lengths(table), speed=5)
    assert phrases(fast) == []  # 5 * (0.3 + 0.12 + 1.0) = 7.1 > 5
    roomy = [Line(key("ready"), 0.0, full, short, until=8.0)]
    fast = arrange(tones, roomy, tone_seconds, lengths(table), speed=5)
    assert phrases(fast) == [(short, r(5 * (TONE + GAP)))]


def test_speed_scales_the_slack() -> None:
    tones = [Tone(key("rep"), "rep", 14.9)]
    lines = [Line(key("halfway"), 15.0, "Halfway.", slack=0.5, replaces=True)]
    table = {"Halfway.": 0.01}
    # At speed 2 the rep tone lasts 0.6 and the gap 0.24: 0.74 late, within 2 * 0.5.
    placed = arrange(tones, lines, tone_seconds, lengths(table), speed=2)
    assert phrases(placed) == [("Halfway.", r(14.9 + 2 * (TONE + GAP)))]


def test_nothing_is_placed_before_its_instant() -> None:
    table = {"Early?": 0.5, "Later.": 0.5}
    lines = [Line(key("b"), 5.0, "Later."), Line(key("a"), 3.0, "Early?")]
    tones = [Tone(key("x"), "go", 4.0)]
    placed = arrange(tones, lines, tone_seconds, lengths(table))
    assert phrases(placed) == [("Early?", 3.0), ("Later.", 5.0)]
    assert all(p.at >= p.due for p in placed)
    assert [p.at for p in placed] == sorted(p.at for p in placed)


# -- a whole session --------------------------------------------------------------

MIXED = """name: Mixed
defaults: {prepare: 5s, rest: 10s, set_rest: 10s, switch: 5s}
exercises:
  - {name: Cat-cow, reps: 4, breath: 3s/3s}
  - {name: Side plank, hold: 30s, sides: both, sets: 2}
  - {name: Bridge, reps: 12, tempo: 2s}
  - {name: Child's pose, breaths: 3, breath: 1s/1s}
  - {name: Box breathing, breaths: 2, breath: 4s/2s/6s/2s, rest: 0s}
  - name: Lunge to pigeon
    sides: [left leg, right leg]
    flow:
      - {name: Low lunge, hold: 20s}
      - {name: Pigeon pose, hold: 20s}
  - {name: Plank, hold: 20s, prepare: 0}
"""


def words_seconds(text: str) -> float:
    """A spoken length estimate: 2.75 words a second, plus the voice's lead-in."""
    return len(text.split()) / 2.75 + 0.2


def session_events(plan: Plan) -> list[Event]:
    session = Session(plan, 0.0)
    return session.advance(1e9)


@pytest.mark.parametrize("speed", [1.0, 4.0, 20.0])
def test_a_whole_session_has_no_phrase_over_another_sound_and_none_late(speed: float) -> None:
    plan = compile_plan(load_text(MIXED))
    events = session_events(plan)
    assert events[-1].type == "session_finished"
    script, pick = Script(plan, VoiceStyle(breaths=99)), CuePicker()
    lines = [ln for e in events for ln in script.lines(e, plan.total_seconds)]
    tones = []
    for event in events:
        cue = pick(event, plan.steps[event.step])
        if cue:
            tones.append(Tone(event_key(event), cue, event.at))
    table = {t: words_seconds(t) for ln in lines for t in (ln.text, ln.short) if t}
    placed = arrange(tones, lines, tone_seconds, lengths(table), speed)

    assert_no_phrase_overlaps(placed, table, speed)
    by_key: dict[EventKey, list[Line]] = {}
    for line in lines:
        by_key.setdefault(line.key, []).append(line)
    for p in placed:
        assert p.at >= p.due - 1e-9  # never early
        if not p.text:
            assert p.at == p.due  # tones sound at their instants
            continue
        (line,) = [ln for ln in by_key[p.key] if p.text in (ln.text, ln.short)]
        end = p.at + table[p.text] * speed
        assert line.until is None or end <= line.until + 1e-9  # never cut off
        if line.slack is not None:
            assert p.at - line.at <= line.slack * speed + 1e-9  # never late
    # Each event sounds once at most: its tone or its phrase.
    sounded = [p.key for p in placed if p.cue]
    assert len(sounded) == len(set(sounded))
    replaced = {p.key for p in placed if p.text and any(ln.replaces for ln in by_key[p.key])}
    assert not replaced & set(sounded)
    if speed == 1.0:
        said = {p.text for p in placed if p.text}
        assert {"Three.", "Two.", "One.", "Halfway.", "Breathe in.", "Hold."} <= said
        assert "Session complete. Six minutes fifty-seven seconds." in said
    if speed == 20.0:  # a phrase of two words or more lasts too long for any step
        long = [p for p in placed if p.text and len(p.text.split()) > 2]
        assert [p.text for p in long] == ["Session complete. Six minutes fifty-seven seconds."]


# -- Session.lookahead ------------------------------------------------------------

HOLD = "name: H\ndefaults: {prepare: 5s}\nexercises:\n  - {name: Plank, hold: 30s}\n"
THREE = Settings(prepare=5, rest=10, set_rest=10, switch=5)


def plan_of(text: str) -> Plan:
    return compile_plan(load_text(text))


def keys(events: Sequence[Event]) -> list[tuple[object, ...]]:
    return [(e.type, e.step, round(e.at - T0, 6), e.value) for e in events]


def three_exercises() -> Plan:
    return compile_plan(
        routine(
            "R",
            exercise("Plank", hold(30), settings=THREE),
            exercise("Bridge", reps(5), settings=THREE),
            exercise("Child's pose", breaths(3), settings=THREE),
        )
    )


def test_lookahead_covers_this_step_and_the_next_up_to_its_end() -> None:
    s = Session(plan_of(HOLD), T0)
    s.advance(T0)  # the get-ready has started
    assert keys(s.lookahead(T0)) == [
        ("tick", 0, 2.0, 3),
        ("tick", 0, 3.0, 2),
        ("tick", 0, 4.0, 1),
        ("step_ended", 0, 5.0, "done"),
        ("step_started", 1, 5.0, None),
        ("halfway", 1, 20.0, None),
        ("tick", 1, 32.0, 3),
        ("tick", 1, 33.0, 2),
        ("tick", 1, 34.0, 1),
        # not the plank's end at 35: the step after the next one starts there
    ]


def test_lookahead_of_a_session_not_yet_advanced_includes_its_start() -> None:
    s = Session(plan_of(HOLD), T0)
    assert keys(s.lookahead(T0))[0] == ("step_started", 0, 0.0, None)


def test_lookahead_from_mid_step_has_only_what_is_still_to_come() -> None:
    s = Session(plan_of(HOLD), T0)
    s.advance(T0 + 21)  # past the plank's halfway
    assert keys(s.lookahead(T0 + 21)) == [
        ("tick", 1, 32.0, 3),
        ("tick", 1, 33.0, 2),
        ("tick", 1, 34.0, 1),
        ("step_ended", 1, 35.0, "done"),
        ("set_done", 1, 35.0, 1),
        ("exercise_done", 1, 35.0, "Plank"),
        ("session_finished", 1, 35.0, None),
    ]


def test_lookahead_matches_what_advance_then_emits() -> None:
    plan = three_exercises()
    s = Session(plan, T0)
    now = T0
    while True:
        s.advance(now)
        if s.over:
            break
        ahead = s.lookahead(now)
        deadline = s.deadline
        assert deadline is not None
        following = s.plan.steps[s.index + 1].seconds if s.index + 1 < len(plan.steps) else 0
        horizon = deadline + (following or 0) - 1e-6 if following else deadline
        twin = Session(plan, T0)
        twin.advance(now)  # what s has emitted so far
        assert keys(twin.advance(horizon)) == keys(ahead)
        assert ahead and ahead[-1].at < horizon + 1e-9
        now = deadline


def test_lookahead_is_empty_when_paused_over_or_self_paced() -> None:
    s = Session(plan_of(HOLD), T0)
    s.advance(T0 + 1)
    s.pause(T0 + 1)
    assert s.lookahead(T0 + 2) == []
    s.resume(T0 + 3)
    assert s.lookahead(T0 + 3) != []
    s.advance(T0 + 100)
    assert s.over and s.lookahead(T0 + 100) == []

    stopped = Session(plan_of(HOLD), T0)
    stopped.stop(T0 + 1)
    assert stopped.lookahead(T0 + 1) == []

    paced = compile_plan(
        routine("R", exercise("Bird dog", reps(3, tempo=None), settings=THREE._replace(prepare=0)))
    )
    s = Session(paced, T0)
    s.advance(T0)
    assert s.step.self_paced and s.lookahead(T0) == []


def test_lookahead_stops_at_a_self_paced_step() -> None:
    plan = compile_plan(
        routine(
            "R",
            exercise("Plank", hold(30), settings=THREE),
            exercise("Bird dog", reps(3, tempo=None), settings=THREE._replace(prepare=0)),
        )
    )
    s = Session(plan, T0)
    s.advance(T0 + 36)  # in the rest before the bird dog
    assert s.step.kind == "rest"
    ahead = s.lookahead(T0 + 36)
    assert keys(ahead)[-1] == ("step_started", 3, 45.0, None)
    assert all(e.step in (2, 3) for e in ahead)


def test_lookahead_changes_nothing() -> None:
    """Looking ahead at every moment leaves the session exactly as one that never did."""
    plan = three_exercises()
    looked, plain = Session(plan, T0), Session(plan, T0)
    seen: list[Event] = []
    others: list[Event] = []
    moments = [T0 + t * 0.7 for t in range(200)]
    for i, now in enumerate(moments):
        looked.lookahead(now)
        if i == 40:  # pause, resume, extend, skip: with a look ahead before each
            seen += looked.pause(now)
            others += plain.pause(now)
            looked.lookahead(now + 5)
            seen += looked.resume(now + 5)
            others += plain.resume(now + 5)
        if i == 60:
            seen += looked.adjust(now, 10)
            others += plain.adjust(now, 10)
            looked.lookahead(now)
        if i == 90:
            seen += looked.skip(now)
            others += plain.skip(now)
        seen += looked.advance(now)
        others += plain.advance(now)
        assert looked.index == plain.index and looked.deadline == plain.deadline
    assert keys(seen) == keys(others)
    assert looked.outcomes == plain.outcomes
    assert looked.over == plain.over and looked.finished_at == plain.finished_at


def test_lookahead_then_advance_emits_the_same_events_as_no_lookahead() -> None:
    plan = plan_of(HOLD)
    looked, plain = Session(plan, T0), Session(plan, T0)
    ahead = looked.lookahead(T0)
    assert keys(looked.advance(T0 + 100)) == keys(plain.advance(T0 + 100))
    # And the look ahead was a true preview: the same events, the same keys.
    previewed = {event_key(e) for e in ahead}
    handled = {event_key(e) for e in Session(plan, T0).advance(T0 + 100)}
    assert previewed <= handled


def test_lookahead_after_extending_a_step_follows_the_new_end() -> None:
    s = Session(plan_of(HOLD), T0)
    s.advance(T0 + 10)
    s.adjust(T0 + 10, 10)  # the plank now ends at 45
    ahead = keys(s.lookahead(T0 + 10))
    assert [k for k in ahead if k[0] == "tick"] == [
        ("tick", 1, 42.0, 3),
        ("tick", 1, 43.0, 2),
        ("tick", 1, 44.0, 1),
    ]
    assert ahead[-1] == ("session_finished", 1, 45.0, None)
