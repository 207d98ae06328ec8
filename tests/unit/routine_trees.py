"""Routine trees as the YAML reader returns them (strings, None, lists and mappings), for
hypothesis: valid ones, ones with odd values, and ones with one structural change."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from backtimer.routine import keys

# Values as the YAML tree holds them: strings, None, lists and mappings. Each list mixes
# valid values with ones the checks refuse.
SECONDS = ["30s", "1m", "1:30", "0", "5", "1m30s", " 10 s ", "1.5s", "6h"]
DURATIONS = [*SECONDS, "20-40s", "1-2m", "1m-1m30s", "5-5s"]
BAD_DURATIONS = ["40-20s", "20-40s-1m", "abc", "", "6h1s", "1:60", "-5", "1e3", "nan"]
HOLDS = [*DURATIONS, "max", "MAX", "max 2m", " max  1:30 "]
"""A hold on its own may also be as long as you can (not each rep's hold)."""
BAD_HOLDS = [*BAD_DURATIONS, "max 0", "max two", "max-2m", "max 6h1s"]
COUNTS = ["10", "10-12", "1", "10000", " 3 "]
BAD_COUNTS = ["0", "12-10", "10001", "²", "x", "1.5"]
BREATHS = ["4s/4s", "4s/2s/6s/2s", "3/3"]
BAD_BREATHS = ["0s/4s", "1/2/3", "60s/61s", "4s"]
TEMPOS = ["self", "SELF", "3s", "0", "2.5"]
SIDES: list[Any] = ["both", "Both ", ["left leg", "right leg"], ["up"]]
BAD_SIDES: list[Any] = [["a", "a"], [], "left", [None], [["x"]], ["x" * 121], ["a\nb"]]
SETS = ["1", "3", "50", " 2 "]
BAD_SETS = ["0", "51", "x", "²", "1.0"]
NAMES = ["Plank", " Side plank ", "x" * 120]
BAD_NAMES = ["", "  ", "x" * 121, "two\nlines", "a\u2028b"]
SAYS = ["Cat cow", " Cat cow ", "3", "x" * 200]
BAD_SAYS = ["", "  ", "x" * 201, "two\nlines", "a\u2028b"]
TEXTS = ["", "Keep a straight line.", "two\nlines", " padded "]
LABELS = ["", "Warm-up", " padded "]
BAD_LABELS = ["two\nlines"]
ODD: list[Any] = [None, [], {}, ["30s"], {"a": "1"}, "", "?"]


def _pick(good: list[Any], bad: list[Any]) -> st.SearchStrategy[Any]:
    ok, odd = st.sampled_from(good), st.sampled_from(bad + ODD)
    return st.integers(0, 7).flatmap(lambda i: odd if i == 7 else ok)  # mostly valid


def _values(good: list[Any], bad: list[Any], broken: bool) -> st.SearchStrategy[Any]:
    return _pick(good, bad) if broken else st.sampled_from(good)


def _settings(broken: bool) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "prepare": _values(SECONDS, BAD_DURATIONS, broken),
        "rest": _values(SECONDS, BAD_DURATIONS, broken),
        "set_rest": _values(SECONDS, BAD_DURATIONS, broken),
        "switch": _values(SECONDS, BAD_DURATIONS, broken),
    }


def _work(broken: bool, flow: st.SearchStrategy[Any] | None) -> st.SearchStrategy[Any]:
    kinds: list[st.SearchStrategy[dict[str, Any]]] = [
        st.fixed_dictionaries({"hold": _values(HOLDS, BAD_HOLDS, broken)}),
        st.fixed_dictionaries({"time": _values(DURATIONS, BAD_DURATIONS, broken)}),
        st.fixed_dictionaries({"reps": _values(COUNTS, BAD_COUNTS, broken)}),
        st.fixed_dictionaries({"breaths": _values(COUNTS, BAD_COUNTS, broken)}),
        st.fixed_dictionaries(
            {
                "reps": _values(COUNTS, BAD_COUNTS, broken),
                "hold": _values(DURATIONS, BAD_DURATIONS, broken),
            }
        ),
    ]
    if flow is not None:
        kinds.append(st.fixed_dictionaries({"flow": flow}))
    extra = {
        "tempo": _values(TEMPOS, BAD_DURATIONS, broken),
        "breath": _values(BREATHS, BAD_BREATHS, broken),
        "progress": _values([*SECONDS, "1", "2"], ["20-40s", *BAD_DURATIONS], broken),
    }
    pairs = st.tuples(st.one_of(kinds), st.fixed_dictionaries({}, optional=extra))
    return pairs.map(lambda pair: {**pair[0], **pair[1]}) if broken else pairs.map(_merge_work)


def _merge_work(pair: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    kind, extra = pair
    if "reps" not in kind:  # tempo with anything but reps is refused: valid trees leave it out
        extra = {k: v for k, v in extra.items() if k != "tempo"}
    return {**kind, **extra}


def _mapping(
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]],
    work: st.SearchStrategy[Any] | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    base = st.fixed_dictionaries(required, optional=optional)
    if work is None:
        return base
    return st.tuples(base, work).map(lambda pair: {**pair[0], **pair[1]})


def _containers(node: Any) -> list[Any]:
    """Every list and mapping in a tree, the root first."""
    if not isinstance(node, dict | list):
        return []
    children = node.values() if isinstance(node, dict) else node
    return [node, *(c for child in children for c in _containers(child))]


def one_change(tree: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[Any]:
    """A tree with one change in one of its lists or mappings: a key dropped, nulled or
    given something odd, a key added (a second kind of work, say), or a list emptied."""

    def change(draw: st.DrawFn) -> Any:
        data = copy.deepcopy(draw(tree))  # the strategies share their lists and mappings
        node = draw(st.sampled_from(_containers(data)))
        if isinstance(node, list):
            if draw(st.booleans()):
                node.clear()
            else:
                node.append(copy.deepcopy(draw(st.sampled_from(ODD))))
            return data
        how = draw(st.sampled_from(["drop", "null", "odd", "add"]))
        if how == "add" or not node:
            key = draw(st.sampled_from(["colour", *keys.EXERCISE.keys, "sections"]))
            node[key] = copy.deepcopy(
                draw(st.sampled_from([*ODD, "30s", "10", "both", "self", "4s/4s"]))
            )
        else:
            key = draw(st.sampled_from(sorted(node)))
            if how == "drop":
                del node[key]
            else:
                node[key] = None if how == "null" else copy.deepcopy(draw(st.sampled_from(ODD)))
        return data

    return st.composite(change)()


def routines(broken: bool) -> st.SearchStrategy[dict[str, Any]]:
    name = _values(NAMES, BAD_NAMES, broken)
    text = _values(TEXTS, [], broken)
    say = _values(SAYS, BAD_SAYS, broken)
    flow_item = _mapping({"name": name}, {"cue": text, "say": say}, _work(broken, None))
    flow = st.lists(flow_item, min_size=1, max_size=3)
    exercise = _mapping(
        {"name": name},
        {
            "cue": text,
            "say": say,
            "caution": text,
            "sides": _values(SIDES, BAD_SIDES, broken),
            "sets": _values(SETS, BAD_SETS, broken),
            **_settings(broken),
        },
        _work(broken, flow),
    )
    defaults = _mapping(
        {},
        {
            **_settings(broken),
            "tempo": _values(TEMPOS, BAD_DURATIONS, broken),
            "breath": _values(BREATHS, BAD_BREATHS, broken),
        },
    )
    exercises = st.lists(exercise, min_size=1, max_size=4)
    label = _values(LABELS, BAD_LABELS, broken)
    section = _mapping({"exercises": exercises}, {"name": label, "defaults": defaults})
    top = {"description": text, "caution": text, "defaults": defaults}
    return st.one_of(
        _mapping({"name": name, "exercises": exercises}, top),
        _mapping({"name": name, "sections": st.lists(section, min_size=1, max_size=3)}, top),
    )
