"""YAML text -> plain data (dicts, lists, strings) with the position of every node.

Built from the parser's event stream, without PyYAML's constructor: no tags are
honoured (no python objects), anchors and aliases are refused (no alias bombs),
nesting depth is capped, duplicate keys are errors, and every plain scalar stays
a string, so YAML 1.1 surprises (`no` -> False, `1:30` -> 90) cannot change meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_DEPTH = 32
NULLS = {"", "~", "null", "Null", "NULL"}
IGNORED = "\x00ignored"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Neutralise control characters and escape sequences so they never reach a terminal."""
    return _CONTROL.sub("\ufffd", text)


Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    line: int
    col: int
    message: str


@dataclass
class Tree:
    data: Any = None
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, col) of each node's value, by path."""
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, col) of each mapping key, by the path of its value."""
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path, *, value: bool = False) -> tuple[int, int]:
        """The closest known position for `path` (its key or value, else a parent's)."""
        for i in range(len(path), -1, -1):
            p = path[:i]
            first, second = (self.marks, self.key_marks) if value else (self.key_marks, self.marks)
            if p in first:
                return first[p]
            if p in second:
                return second[p]
        return (1, 1)

    def name_at(self, path: Path) -> str | None:
        """The `name:` of the mapping at `path`, if it has one."""
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        name = node.get("name") if isinstance(node, dict) else None
        return name if isinstance(name, str) else None


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    key: str | None = None
    """A mapping frame's pending key (set after a key scalar, cleared after its value)."""
    skip: int = 0
    """Depth of an invalid (non-scalar) key being skipped."""


class _Builder:
    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.stack: list[_Frame] = []
        self.root_set = False

    def fail(self, mark: Any, message: str) -> None:
        self.tree.problems.append(Problem(*_pos(mark), message))

    def child_path(self) -> Path | None:
        """Path of the value about to be added, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return None if top.key is None else (*top.path, top.key)

    def add(self, value: Any, mark: Any) -> None:
        path = self.child_path()
        if not self.stack:
            self.tree.data, self.root_set = value, True
            self.tree.marks[()] = _pos(mark)
            return
        top = self.stack[-1]
        if path is None:  # a mapping key
            if not isinstance(value, str):
                self.fail(mark, "keys must be plain words")
                value = f"<{len(top.container)}>"
            assert isinstance(top.container, dict)
            if value in top.container:
                self.fail(mark, f"duplicate key '{value}'")
            top.key = value
            self.tree.key_marks[(*top.path, value)] = _pos(mark)
            return
        self.tree.marks[path] = _pos(mark)
        if isinstance(top.container, list):
            top.container.append(value)
        else:
            assert top.key is not None
            if top.key != IGNORED:
                top.container[top.key] = value
            top.key = None

    def open(self, container: dict[str, Any] | list[Any], mark: Any) -> None:
        path = self.child_path()
        if path is None:
            self.fail(mark, "keys must be plain words, not lists or mappings")
            self.stack[-1].skip += 1
            return
        self.add(container, mark)
        self.stack.append(_Frame(container, path))
        if len(self.stack) > MAX_DEPTH:
            raise _TooDeep(mark)


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


def parse_tree(text: str) -> Tree:
    """Parse one YAML document into a Tree; problems are collected, never raised."""
    tree = Tree()
    b = _Builder(tree)
    documents = 0
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if b.stack and b.stack[-1].skip:
                top = b.stack[-1]
                top.skip += _depth_change(ev)
                if not top.skip:
                    top.key = IGNORED
                continue
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    b.fail(ev.start_mark, "only one YAML document per routine file")
                    break
            elif isinstance(ev, yaml.AliasEvent):
                b.fail(ev.start_mark, "anchors and aliases are not supported; use 'defaults:'")
                return tree
            elif isinstance(
                ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
            ):
                if not _node(b, ev):
                    return tree
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                b.stack.pop()
    except _TooDeep as deep:
        b.fail(deep.mark, f"nested deeper than {MAX_DEPTH} levels")
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        tree.problems.append(Problem(line, col, f"YAML syntax: {err.problem or err.context}"))
    except yaml.YAMLError as err:
        line, col = _where(text, getattr(err, "position", 0))
        reason = getattr(err, "reason", str(err))
        tree.problems.append(Problem(line, col, f"not readable as YAML: {reason}"))
    except UnicodeEncodeError as err:  # libyaml encodes its input: a lone surrogate fails
        line, col = _where(text, err.start)
        tree.problems.append(Problem(line, col, "not UTF-8 text: a lone surrogate character"))
    return tree


def _where(text: str, position: int) -> tuple[int, int]:
    """1-based (line, col) of a character index."""
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _node(b: _Builder, ev: Any) -> bool:
    if ev.anchor is not None:
        b.fail(ev.start_mark, "anchors and aliases are not supported; use 'defaults:'")
        return False
    tag = ev.tag
    if tag is not None and tag not in ("!", "tag:yaml.org,2002:str"):
        b.fail(ev.start_mark, f"tags like '{tag}' are not allowed in routine files")
        return False
    if isinstance(ev, yaml.ScalarEvent):
        plain = ev.style is None
        b.add(None if plain and ev.value in NULLS else clean(ev.value), ev.start_mark)
    elif isinstance(ev, yaml.MappingStartEvent):
        b.open({}, ev.start_mark)
    else:
        b.open([], ev.start_mark)
    return True


def _depth_change(ev: Any) -> int:
    if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        return 1
    if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
        return -1
    return 0
