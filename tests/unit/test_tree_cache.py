"""The parse-tree cache (routine/treecache.py): a cached tree is the parse itself, a cache
file that is not one the reader wrote is ignored (never trusted, never an error), an
unwritable folder only costs the speed, and with a warm cache the command line starts
without the YAML parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer import paths
from backtimer.cli import main
from backtimer.routine import treecache
from backtimer.routine.loader import RoutineError, load_text
from backtimer.routine.tree import MAX_DEPTH, Tree
from backtimer.routine.yamltree import parse_tree

FILES = sorted(paths.bundled_routines_dir().rglob("*.yaml"))
WARM_UP = paths.bundled_routines_dir() / "warm-up.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> object:
    where = tmp_path / "trees"
    treecache.use(where)
    yield where
    treecache.use(None)


def _same(a: Tree, b: Tree) -> None:
    assert (a.data, a.marks, a.key_marks) == (b.data, b.marks, b.key_marks)
    assert list(a.data) == list(b.data)  # the file's key order too


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.name)
def test_a_cached_tree_is_the_parse(file: Path, folder: Path) -> None:
    text = file.read_text(encoding="utf-8")
    first = treecache.read_tree(text)  # parsed and stored
    assert (folder / f"{treecache.key(text)}.json").is_file()
    again = treecache.read_tree(text)  # from the file
    assert again is not first
    _same(again, parse_tree(text))
    assert again.problems == again.duplicates == []


def test_the_routine_from_a_warm_cache_is_the_same(folder: Path) -> None:
    text = WARM_UP.read_text(encoding="utf-8")
    cold = load_text(text, "w.yaml")
    assert load_text(text, "w.yaml") == cold


def test_files_with_problems_are_not_kept(folder: Path) -> None:
    for text in ("name: [\n", "name: A\nname: B\nexercises: []\n", "a: &x 1\nb: *x\n"):
        treecache.read_tree(text)
    assert not folder.exists() or not list(folder.iterdir())


def test_the_same_problems_come_from_a_warm_cache(folder: Path) -> None:
    """Validation runs on every load: a cached tree of a wrong routine is still wrong."""
    text = "name: T\nexercises:\n  - name: Plank\n    hold: -5s\n"
    with pytest.raises(RoutineError) as cold:
        load_text(text, "r.yaml")
    assert len(list(folder.iterdir())) == 1
    with pytest.raises(RoutineError) as warm:
        load_text(text, "r.yaml")
    assert [str(p) for p in warm.value.problems] == [str(p) for p in cold.value.problems]


def _deep(n: int) -> object:
    node: object = "x"
    for _ in range(n):
        node = [node]
    return node


NO_POSITIONS = b"\n[[],[]]"
HOSTILE = [
    b"",
    b"\xff\xfe junk",
    b"[" * 100_000,
    b'{"format": 2}' + NO_POSITIONS,
    b'{"format": 1, "data": {}}' + NO_POSITIONS,
    b'{"format": 2, "data": {}}',
    b'{"format": 2, "data": {"a": 1.5}}' + NO_POSITIONS,
    b'{"format": 2, "data": {"a": true}}' + NO_POSITIONS,
    b'{"format": 2, "data": {}, "marks": []}',
    json.dumps({"format": 2, "data": _deep(MAX_DEPTH + 2)}).encode() + NO_POSITIONS,
    json.dumps({"format": 2, "data": ["x"] * 60_000}).encode() + NO_POSITIONS,
]


@pytest.mark.parametrize("raw", HOSTILE, ids=range(len(HOSTILE)))
def test_a_cache_file_the_reader_did_not_write_is_ignored(raw: bytes, folder: Path) -> None:
    text = WARM_UP.read_text(encoding="utf-8")
    folder.mkdir()
    (folder / f"{treecache.key(text)}.json").write_bytes(raw)
    _same(treecache.read_tree(text), parse_tree(text))


BAD_POSITIONS = [
    [["name", True, 1]],
    [["name", 0, 1]],
    [[1.5, 1, 1]],
    [["name", 1]],
    ["x"],
    {"a": 1},
]


def _planted(tree: Tree, positions: object) -> str:
    """What `dump` writes for `tree`, with other positions."""
    head, _, _ = treecache.dump(tree).partition("\n")
    return f"{head}\n{json.dumps(positions)}"


@pytest.mark.parametrize("rows", BAD_POSITIONS, ids=range(len(BAD_POSITIONS)))
def test_positions_the_reader_did_not_write_are_those_of_a_fresh_parse(
    rows: object, folder: Path
) -> None:
    """Positions are read and checked when first asked for: ones `dump` would not write
    are replaced by a fresh parse's, so the tree is still the parse."""
    text = WARM_UP.read_text(encoding="utf-8")
    folder.mkdir()
    for positions in ([rows, []], [[], rows], rows, "[[", [[], [], []]):
        (folder / f"{treecache.key(text)}.json").write_text(_planted(parse_tree(text), positions))
        _same(treecache.read_tree(text), parse_tree(text))


def test_a_routine_that_loads_from_a_warm_cache_reads_no_positions(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a problem needs a position: a good routine's are never read back (they were
    over half of the picker's loading, bench/startup.py)."""
    text = WARM_UP.read_text(encoding="utf-8")
    cold = load_text(text, "w.yaml")

    def refuse(text: object) -> None:
        raise AssertionError("positions read")

    monkeypatch.setattr(treecache, "_positions", refuse)
    assert load_text(text, "w.yaml") == cold


def test_a_planted_tree_with_bad_positions_still_gives_the_files_positions(folder: Path) -> None:
    text = "name: T\nexercises:\n  - name: Plank\n    hold: -5s\n"
    with pytest.raises(RoutineError) as cold:
        load_text(text, "r.yaml")
    planted = _planted(parse_tree(text), [[["name", 0, 0]], [["name", 0, 0]]])
    (folder / f"{treecache.key(text)}.json").write_text(planted)
    with pytest.raises(RoutineError) as warm:
        load_text(text, "r.yaml")
    assert [str(p) for p in warm.value.problems] == [str(p) for p in cold.value.problems]


def test_an_oversized_cache_file_is_not_read(folder: Path) -> None:
    text = WARM_UP.read_text(encoding="utf-8")
    folder.mkdir()
    (folder / f"{treecache.key(text)}.json").write_bytes(b" " * (treecache.MAX_FILE + 10))
    _same(treecache.read_tree(text), parse_tree(text))


def test_a_planted_tree_cannot_pass_validation_it_would_fail(folder: Path) -> None:
    """A tree planted under a routine's name is still validated: planting a bad one gives
    that routine's problems, never a traceback."""
    text = WARM_UP.read_text(encoding="utf-8")
    folder.mkdir()
    body = json.dumps({"format": treecache.FORMAT, "data": {"name": None}})
    (folder / f"{treecache.key(text)}.json").write_text(body + "\n[[],[]]")
    with pytest.raises(RoutineError):
        load_text(text, "w.yaml")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_folder_only_costs_the_speed(tmp_path: Path) -> None:
    where = tmp_path / "ro"
    where.mkdir(mode=0o500)
    treecache.use(where / "trees")
    try:
        text = WARM_UP.read_text(encoding="utf-8")
        _same(treecache.read_tree(text), parse_tree(text))
    finally:
        treecache.use(None)


def test_a_folder_that_is_a_file_only_costs_the_speed(tmp_path: Path) -> None:
    where = tmp_path / "trees"
    where.write_text("not a folder")
    treecache.use(where)
    try:
        text = WARM_UP.read_text(encoding="utf-8")
        _same(treecache.read_tree(text), parse_tree(text))
    finally:
        treecache.use(None)


def test_old_trees_are_pruned(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(treecache, "MAX_FILES", 8)
    for i in range(12):
        treecache.read_tree(f"name: R{i}\nexercises: []\n")
    assert 6 <= len(list(folder.glob("*.json"))) <= 8
    assert not list(folder.glob(".*.tmp"))


def test_the_command_line_fills_the_cache_under_the_cache_folder(
    backtimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(WARM_UP)]) == 0
    trees = paths.cache_dir() / "trees"
    assert list(trees.glob("*.json"))
    assert treecache._folder is None  # only while a command runs


WARM_START = """
import sys
from backtimer.cli import main
code = main(sys.argv[1:])
print("yaml" in sys.modules, code)
"""


def test_a_warm_cache_starts_without_the_yaml_parser(backtimer_home: Path) -> None:
    """The second `show` of the same routine does not import yaml (start-up time,
    bench/startup.py); the first does."""
    env = {**os.environ, "BACKTIMER_HOME": str(backtimer_home)}
    seen = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", WARM_START, "show", "warm-up"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        seen.append(done.stdout.split()[-2:])
    assert seen == [["True", "0"], ["False", "0"]]
