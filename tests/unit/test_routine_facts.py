"""The bundled routines carry the articles they cite: the numbers, the cautions, the marks
on values the routine chose itself. The tables below are written from the articles in
the shared seeds folder (file names in the comments); an edit that changes a number or
drops a caution fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backtimer import paths
from backtimer.engine.plan import compile_plan, target_key
from backtimer.routine import library
from backtimer.routine.loader import load_routine
from backtimer.routine.model import Routine, Span

A000 = "000_3ae9d958026447b8.txt"
A001 = "001_ff87205b381cbce1.txt"
A003 = "003_27544914071606b5.txt"
A004 = "004_f78c1bf836b15526.txt"

FACTS: dict[str, dict[str, dict[str, str | int]]] = {
    # 000: slopes 3x10, expander 2x15-20, fly 12 x3, basketball 10 a side 2-3 sets,
    # waiter 30-40 s 2-3 times, lateral slopes 10 a side, row 10 a hand 3-6 sets,
    # spinal traction 10 a side, superman for a minute, cat-cow 30-40 s, 5 min cardio.
    "back-strength": {
        "Light cardio": {"time": "300"},
        "Good-morning bend": {"reps": "10", "sets": "3"},
        "Band pull-apart": {"reps": "15-20", "sets": "2"},
        "Bent-over fly": {"reps": "12", "sets": "3"},
        "Basketball player": {"reps": "10", "sets": "2-3", "sides": 2},
        "Waiter": {"time": "30-40", "sets": "2-3"},
        "Standing side bend": {"reps": "10", "sides": 2},
        "One-arm row": {"reps": "10", "sets": "3-6", "sides": 2},
        "Bird dog": {"reps": "10", "sides": 2},
        "Swimmer": {"time": "30-40"},  # chosen, marked
        "Superman": {"reps": "12", "hold": "2"},  # 12 x 5 s: the minute
        "Cat-cow": {"time": "30-40"},
    },
    # 001 home set: bridge 10-12, dog and bird 10 s 5-6, crunch 12, deadlift 3x10-12,
    # each in 3 sets at first.
    "bodyweight-back": {
        "Hip bridge": {"reps": "10-12", "sets": "3"},
        "Dog and bird": {"reps": "5-6", "hold": "10", "sets": "3", "sides": 2},
        "Crunch with raised legs": {"reps": "12", "sets": "3"},
        "Deadlift": {"reps": "10-12", "sets": "3"},
    },
    # 004 quick workout at work: 10 shoulder rotations each direction; the rest chosen.
    "desk-break": {
        "Shoulder circles": {"reps": "10", "sides": 2},
        "Seated twist": {"reps": "4", "sides": 2},
        "Seated side bend": {"reps": "4", "sides": 2},
        "Seated cat-cow": {"reps": "6"},
    },
    # 004 standard home workout: warm-up 3-5 reps each; arch 10-15; the rest chosen.
    "home-strength": {
        "Side bends": {"reps": "3-5", "sides": 2},
        "Shoulder circles": {"reps": "3-5", "sides": 2},
        "Arm swings": {"reps": "3-5"},
        "Bend forward and back": {"reps": "3-5"},
        "All-fours arch": {"reps": "10-15", "sets": "1-3"},
        "Knee rolls": {"reps": "5-8", "sets": "1-3", "sides": 2},
    },
    # 001 stretching: 20-40 s a pose, both sides, 30-60 s in the arc twist, 7-10 breaths.
    "home-stretch": {
        "Downward dog": {"hold": "20-40"},
        "Lunge to pigeon / Low lunge": {"hold": "20-40", "sides": 2},
        "Lunge to pigeon / Pigeon pose": {"hold": "20-40", "sides": 2},
        "Seated twist": {"hold": "20-40", "sides": 2},
        "Seated forward bend": {"hold": "20-40"},
        "Cross-legged side bend": {"hold": "20-40", "sides": 2},
        "Strap leg raise": {"hold": "20-40", "sides": 2},
        "Knee to chest": {"hold": "20-40", "sides": 2},
        "Figure-four stretch": {"hold": "20-40", "sides": 2},
        "Happy baby": {"hold": "20-40"},
        "Lying arc twist": {"hold": "30-60", "sides": 2},
        "Lying leg-over twist": {"hold": "20-40", "sides": 2},
        "Knee out to the side": {"hold": "20-40", "sides": 2},
        "Child's pose / Child's pose": {"breaths": "7-10"},
    },
    # 001 strengthening, in order.
    "lower-back-strength": {
        "Cat-cow": {"reps": "15-20"},
        "Knee to forehead": {"reps": "10-15", "sides": 2},
        "Kneeling bow balance": {"hold": "30", "sides": 2},
        "Chest lift": {"reps": "10", "hold": "5-10"},
        "Chest lift, hands behind head": {"reps": "10"},
        "Swimmer lifts": {"reps": "20"},  # 10 on each side
        "Boat": {"hold": "10-15"},
        "Lying foot grab": {"hold": "20"},
        "Bow pose": {"hold": "10"},  # "start with 10 seconds"
        "Sphinx": {"hold": "20-30"},
        "Cobra": {"hold": "20-30"},
        "Glute bridge": {"reps": "15-20", "hold": "5-10"},
        "Table pose": {"hold": "20-30", "sets": "2"},
        "Plank": {"hold": "20-30", "sets": "2-3"},
        "Low plank": {"hold": "20-30", "sets": "2-3"},
        "Child's pose": {"hold": "60-120"},
    },
    # 004 quick workout at work: 10 rotations each direction (one set).
    "office-chair": {
        "Shoulder circles": {"reps": "10", "sides": 2},
    },
    # 001 osteochondrosis: 10 s presses, 30 s shrugs, 10 a side, up to 15, at least 3.
    "osteochondrosis": {
        "Head press / Back of the head": {"hold": "10"},
        "Head press / Left temple": {"hold": "10"},
        "Head press / Right temple": {"hold": "10"},
        "Shrugs": {"time": "30"},
        "Wall side bends": {"reps": "10", "sides": 2},
        "Arch and hold": {"reps": "10-15", "hold": "2-3"},
        "Toe pull": {"reps": "3-5"},
    },
    # 001: table 20-30 s x2, planks 20-30 s x2-3, static hyperextension 10 s x4, child 1-2 m.
    "plank-holds": {
        "Table pose": {"hold": "20-30", "sets": "2"},
        "Plank": {"hold": "20-30", "sets": "2-3"},
        "Low plank": {"hold": "20-30", "sets": "2-3"},
        "Side plank": {"hold": "20-30", "sets": "2-3", "sides": 2},  # chosen, marked
        "Back-extension hold": {"hold": "10", "sets": "4"},
        "Child's pose": {"hold": "60-120"},
    },
    # 001 scoliosis: scissors 30 s each way, 10-12 a side, rolls 3-5, heels 15 s.
    "scoliosis": {
        "Straight-leg scissors / Side to side": {"time": "30"},
        "Straight-leg scissors / Up and down": {"time": "30"},
        "Opposite arm and leg": {"reps": "10-12", "sides": 2},
        "Knee-hug rolls": {"reps": "3-5"},
        "Heel and toe walk / Heel walk": {"time": "15"},
    },
    # 004 warm-up: 3-5 reps each.
    "warm-up": {
        "Side bends": {"reps": "3-5", "sides": 2},
        "Shoulder circles": {"reps": "3-5", "sides": 2},
        "Arm swings": {"reps": "3-5"},
        "Bend forward and back": {"reps": "3-5"},
    },
}

EXTENSION = "Bends the back|A hard back bend"
"""Back-bending exercises: their caution names stenosis, spondylolisthesis, facet pain."""
BENDS_BACK = {
    "back-strength": {"Swimmer", "Superman"},
    "home-strength": {"Face-down lift", "All-fours arch"},
    "lower-back-strength": {
        "Kneeling bow balance",
        "Chest lift",
        "Chest lift, hands behind head",
        "Swimmer lifts",
        "Boat",
        "Bow pose",
        "Sphinx",
        "Cobra",
    },
    "osteochondrosis": {"Arch and hold"},
    "plank-holds": {"Back-extension hold"},
}
TWISTS = {  # 003: no twisting with back pain; 000's expert: no sudden rotations
    "back-strength": {"Basketball player"},
    "desk-break": {"Seated twist"},
    "home-strength": {"Knee rolls"},
    "home-stretch": {"Seated twist", "Lying arc twist", "Lying leg-over twist"},
    "office-chair": {"Seated twist"},
}
JUMPS = {  # 000's expert and 003: no running or jumping; march instead
    "back-strength": {"Light cardio"},
    "home-strength": {"Run in place"},
    "warm-up": {"Run in place"},
}
CONTRAINDICATIONS_004 = (
    "pregnant",
    "recently had surgery",
    "flare-up",
    "infection",
    "cancer",
    "kidney failure",
    "high blood pressure",
    "spinal injury",
    "bleeding",
    "severe pain",
)
FROM_004 = {"desk-break", "home-strength", "office-chair", "warm-up"}
FROM_001 = {
    "bodyweight-back",
    "home-stretch",
    "lower-back-strength",
    "osteochondrosis",
    "plank-holds",
    "scoliosis",
}
CHOSEN = {  # values no article gives: the line must say they are backtimer's
    "back-strength": {"Swimmer": "time"},
    "desk-break": {"Seated twist": "reps", "Seated side bend": "reps", "Seated cat-cow": "reps"},
    "home-strength": {"Face-down lift": "reps", "Bridge": "reps", "Knee rolls": "reps"},
    "lower-back-strength": {"Swimmer lifts": "hold", "Boat": "sets"},
    "office-chair": {"Seated twist": "reps", "Seated side bend": "reps"},
    "osteochondrosis": {"Shrugs": "time", "Toe pull": "reps"},
    "plank-holds": {"Side plank": "hold"},
    "warm-up": {"Run in place": "time"},
}
ARTICLE_SENTENCES = (  # the sentences six cues once nearly copied
    "place a small pillow under your hips and knees, with your feet touching the floor",
    "Lying on your back, bend your leg and pull your knee toward your chest",
    "move your leg bent at the knee to the side. The other leg remains extended",
    "Sit on the edge of a chair, pull your legs under you, place your hands on your knees",
    "The thighs, stomach, chest and forehead remain on the floor",
    "the hips, stomach, shoulders, and head should be on the same line",
)


def bundled() -> dict[str, Path]:
    return {p.stem: p for p in sorted(paths.bundled_routines_dir().glob("*.yaml"))}


def span(value: Span | None) -> str | None:
    if value is None:
        return None
    return f"{value.low:g}" if value.low == value.high else f"{value.low:g}-{value.high:g}"


def facts(r: Routine) -> dict[str, dict[str, str | int]]:
    out: dict[str, dict[str, str | int]] = {}
    for ex in r.exercises:
        for item in ex.items:
            w = item.work
            found: dict[str, str | int] = {}
            if w.kind in ("hold", "time"):
                found[w.kind] = span(w.seconds) or ""
            else:
                found[w.kind] = span(w.count) or ""
                if w.seconds is not None:
                    found["hold"] = span(w.seconds) or ""
            sets = span(ex.sets_range) if ex.sets_range else str(ex.sets)
            if sets != "1":
                found["sets"] = sets or ""
            if len(ex.sides) > 1:
                found["sides"] = len(ex.sides)
            out[target_key(ex, item)] = found
    return out


def test_every_article_routine_is_bundled() -> None:
    assert set(FACTS) == set(bundled())


@pytest.mark.parametrize("name", sorted(FACTS))
def test_the_numbers_are_the_articles(name: str) -> None:
    found = facts(load_routine(bundled()[name]))
    for key, expected in FACTS[name].items():
        assert key in found, f"{name}: {key} is gone"
        have = {k: v for k, v in found[key].items() if k in expected}
        assert have == expected, f"{name}: {key}"


@pytest.mark.parametrize("name", sorted(FACTS))
def test_source_line_and_caution(name: str) -> None:
    path = bundled()[name]
    text = path.read_text()
    sources = re.search(r"^# Source: (\d{3}_[0-9a-f]{16}\.txt)", text, re.M)
    assert sources is not None, f"{name}: no '# Source:' line naming an article file"
    cited = set(re.findall(r"\d{3}_[0-9a-f]{16}\.txt", text))
    assert cited <= {A000, A001, A003, A004}, cited
    r = load_routine(path)
    assert r.caution.strip(), f"{name}: no caution"
    if name in FROM_004:
        for word in CONTRAINDICATIONS_004:
            assert word in r.caution, f"{name}: 004's contraindication {word!r} missing"
    if name in FROM_001:
        assert "individually" in r.caution or "chosen for you" in r.caution, name


def cautions(name: str) -> dict[str, str]:
    return {e.name: e.caution for e in load_routine(bundled()[name]).exercises}


@pytest.mark.parametrize("name", sorted(BENDS_BACK))
def test_back_bending_exercises_carry_the_extension_caution(name: str) -> None:
    own = cautions(name)
    for exercise in BENDS_BACK[name]:
        caution = own[exercise]
        assert re.match(EXTENSION, caution), f"{name}: {exercise}"
        for word in ("stenosis", "spondylolisthesis", "facet"):
            assert word in caution, f"{name}: {exercise} has no {word}"


@pytest.mark.parametrize("name", sorted(TWISTS))
def test_twists_carry_their_caution(name: str) -> None:
    own = cautions(name)
    for exercise in TWISTS[name]:
        assert "while your back hurts" in own[exercise] and "jerk" in own[exercise], exercise


@pytest.mark.parametrize("name", sorted(JUMPS))
def test_running_and_jumping_offer_the_march(name: str) -> None:
    own = cautions(name)
    for exercise in JUMPS[name]:
        caution = own[exercise]
        assert "No running or jumping" in caution and "osteochondrosis" in caution
        assert "new to exercise" in caution and "March" in caution


def test_the_single_cautions_the_articles_give() -> None:
    lower = cautions("lower-back-strength")
    assert "pillows" in lower["Sphinx"]  # 001: the pillow version
    assert "a little at first" in lower["Bow pose"]  # 001: gradually increase
    assert "no head circles" in load_routine(bundled()["osteochondrosis"]).caution.lower()
    assert "head circles" in cautions("osteochondrosis")["Head press"].lower()
    assert "lower back" in cautions("scoliosis")["Straight-leg scissors"]
    assert "two hours after eating" in load_routine(bundled()["warm-up"]).caution
    assert "easily corrected" not in bundled()["scoliosis"].read_text().split("name:")[1]


@pytest.mark.parametrize("name", sorted(CHOSEN))
def test_values_the_routine_chose_say_so(name: str) -> None:
    lines = bundled()[name].read_text().splitlines()
    used = {e.keys["name"]: e.id for e in library.bundled().values()}  # the dose stays here
    for exercise, key in CHOSEN[name].items():
        starts = (f"- name: {exercise}", f"- use: {used.get(exercise)}")
        at = next(i for i, line in enumerate(lines) if line.strip() in starts)
        line = next(ln for ln in lines[at + 1 :] if ln.strip().startswith(f"{key}:"))
        assert "#" in line and "backtimer's" in line, f"{name}: {exercise} {key}: {line}"


def test_office_time_stays_within_what_004_advises() -> None:
    """004: 10-15 minutes a day are enough, in breaks every 2-3 hours."""
    office = compile_plan(load_routine(bundled()["office-chair"]), "high").total_seconds
    desk = compile_plan(load_routine(bundled()["desk-break"]), "high").total_seconds
    assert 10 * 60 <= office <= 15 * 60
    assert 3 * 60 <= desk <= 4 * 60
    assert "every 2-3 hours" in load_routine(bundled()["desk-break"]).description


def test_home_strength_keeps_004s_45_minutes() -> None:
    plan = compile_plan(load_routine(bundled()["home-strength"]), "high")
    assert plan.total_seconds <= 45 * 60


def test_cues_are_the_routines_own_words() -> None:
    def runs(text: str, n: int = 5) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z]+", text.lower())
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    copied = set().union(*(runs(s) for s in ARTICLE_SENTENCES))
    for name, path in bundled().items():
        for ex in load_routine(path).exercises:
            for item in ex.items:
                assert not runs(item.cue) & copied, f"{name}: {item.name}"
