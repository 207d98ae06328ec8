"""YAML text -> plain data (dicts, lists, strings) with the position of every node.

Built from the parser's event stream, without PyYAML's constructor: no tags are
honoured (no python objects), anchors and aliases are refused (no alias bombs),
nesting depth is capped, duplicate keys are errors, and every plain scalar stays
a string, so YAML 1.1 surprises (`no` -> False, `1:30` -> 90) cannot change meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from backtimer.routine.shown import clean, quote
from backtimer.routine.tree import MAX_DEPTH, MAX_NODES, Path, Problem, Tree
from backtimer.routine.yamlerrors import explain

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

NULLS = {"", "~", "null", "Null", "NULL"}
IGNORED = "\x00ignored"


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    key: str | None = None
    """A mapping frame's pending key (set after a key scalar, cleared after its value)."""
    key_path: Path = ()
    """The path of the pending key's value."""
    skip: int = 0
    """Depth of an invalid (non-scalar) key being skipped."""


_OK_TAGS = (None, "!", "tag:yaml.org,2002:str")
_Scalar, _MapStart, _SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MapEnd, _SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent


class _Builder:
    """Events -> data and marks. One loop over the events, with the common ones first:
    a 10,000-exercise file is some 85,000 events."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.stack: list[_Frame] = []

    def fail(self, mark: Any, message: str) -> None:
        self.tree.problems.append(Problem(*_pos(mark), message))

    def run(self, get_event: Any) -> None:
        """Build until the stream ends or a problem stops it; parser errors propagate."""
        marks, stack = self.tree.marks, self.stack
        top: _Frame | None = None
        documents = 0
        nodes = 0
        while (ev := get_event()) is not None:
            cls = ev.__class__
            if top is not None and top.skip:
                top.skip += _depth_change(ev)
                if not top.skip:
                    top.key = IGNORED
                    top.key_path = (*top.path, IGNORED)
                continue
            if cls is _Scalar or cls is _MapStart or cls is _SeqStart:
                if ev.anchor is not None or ev.tag not in _OK_TAGS:
                    self.fail(ev.start_mark, _refusal(ev))
                    return
                nodes += 1
                if nodes > MAX_NODES:
                    self.fail(ev.start_mark, f"more than {MAX_NODES:,} values: not a routine")
                    return
                if cls is not _Scalar:
                    top = self.open({} if cls is _MapStart else [], ev.start_mark, top)
                    continue
                value = ev.value
                if ev.style is None and value in NULLS:
                    value = None
                elif not value.isprintable():
                    value = clean(value)
                mark = ev.start_mark
                if top is None:
                    self.tree.data = value
                    marks[()] = (mark.line + 1, mark.column + 1)
                elif top.key is None and top.container.__class__ is dict:
                    self.key(top, value, mark)
                else:
                    self.value(top, value, mark)
            elif cls is _MapEnd or cls is _SeqEnd:
                stack.pop()
                top = stack[-1] if stack else None
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.fail(ev.start_mark, "only one YAML document per routine file")
                    return
            elif cls is yaml.AliasEvent:
                self.fail(ev.start_mark, "anchors and aliases are not supported; use 'defaults:'")
                return
            elif cls is yaml.StreamEndEvent:
                return

    def key(self, top: _Frame, value: Any, mark: Any) -> None:
        container = top.container
        if not isinstance(value, str):
            self.fail(mark, "keys must be plain words")
            value = f"<{len(container)}>"
        path = (*top.path, value)
        if value in container:
            first = self.tree.key_marks.get(path, (0, 0))[0]
            self.tree.duplicates.append(
                Problem(
                    *_pos(mark),
                    f"duplicate key {quote(value)}: given first on line {first},"
                    " which is the one read; remove one of them",
                )
            )
            top.key = IGNORED
            top.key_path = (*top.path, IGNORED)
            return
        top.key = value
        top.key_path = path
        self.tree.key_marks[path] = (mark.line + 1, mark.column + 1)

    def value(self, top: _Frame, value: Any, mark: Any) -> Path:
        """Add a value to the open list or mapping; its path."""
        container = top.container
        if isinstance(container, list):
            path = (*top.path, len(container))
            container.append(value)
        else:
            path = top.key_path
            if top.key is not None and top.key != IGNORED:
                container[top.key] = value
            top.key = None
        self.tree.marks[path] = (mark.line + 1, mark.column + 1)
        return path

    def open(self, container: dict[str, Any] | list[Any], mark: Any, top: _Frame | None) -> _Frame:
        """Start a list or mapping; the frame now on top."""
        if top is None:
            self.tree.data = container
            self.tree.marks[()] = _pos(mark)
            path: Path = ()
        elif top.key is None and top.container.__class__ is dict:
            self.fail(mark, "keys must be plain words, not lists or mappings")
            top.skip += 1
            return top
        else:
            path = self.value(top, container, mark)
        frame = _Frame(container, path)
        self.stack.append(frame)
        if len(self.stack) > MAX_DEPTH:
            raise _TooDeep(mark)
        return frame


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


def parse_tree(text: str) -> Tree:
    """Parse one YAML document into a Tree; problems are collected, never raised."""
    tree = Tree()
    loader = None
    try:
        loader = _Loader(text)  # libyaml encodes the text here: a lone surrogate fails
        _Builder(tree).run(loader.get_event)
    except _TooDeep as deep:
        tree.problems.append(Problem(*_pos(deep.mark), f"nested deeper than {MAX_DEPTH} levels"))
    except yaml.MarkedYAMLError as err:
        tree.problems.append(Problem(*explain(err, text)))
    except yaml.YAMLError as err:
        line, col = _where(text, getattr(err, "position", 0))
        reason = getattr(err, "reason", str(err))
        tree.problems.append(Problem(line, col, f"not readable as YAML: {reason}"))
    except UnicodeEncodeError as err:  # libyaml encodes its input: a lone surrogate fails
        line, col = _where(text, err.start)
        tree.problems.append(Problem(line, col, "not UTF-8 text: a lone surrogate character"))
    finally:
        if loader is not None:
            loader.dispose()
    return tree


def _where(text: str, position: int) -> tuple[int, int]:
    """1-based (line, col) of a character index."""
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _refusal(ev: Any) -> str:
    if ev.anchor is not None:
        return "anchors and aliases are not supported; use 'defaults:'"
    return f"tags like {quote(ev.tag)} are not allowed in routine files"


def _depth_change(ev: Any) -> int:
    if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        return 1
    if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
        return -1
    return 0
