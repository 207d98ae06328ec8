"""Clean parse trees kept as JSON, so a routine read before is not parsed again (and
the YAML parser is not even imported) on the next start.

Only data goes in: plain JSON of strings, lists, mappings and nulls with the positions,
read back through strict checks (the depth and node caps of a parse, the format number),
so a cache file someone else wrote can at worst be ignored (positions are checked
when first asked for, and replaced by a fresh parse's then). Only trees without problems
are kept; every read tree is still validated by the caller, so a cached file gives the
same routine and the same problems as a fresh parse. Off until `use(folder)` is called
(the command line does, with the cache folder); any error reading or writing it falls
back to parsing, so a full disk or a read-only folder only costs the speed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from backtimer.routine.tree import MAX_DEPTH, MAX_NODES, Marks, Tree

# hashlib and json are imported when a tree is first read: the command line switches
# the cache on for every command, and the full screen's routines are read in a child
# process (run/spawned.py), so the app's process never needs hashlib before its first
# frame (it alone loads OpenSSL's library: ~2-4 ms).

FORMAT = 2
"""Bumped whenever the reader's output for the same text can change."""
MAX_TEXT = 256 * 1024
"""Texts longer than this are parsed every time (no real routine comes near)."""
MAX_FILE = 8 * 1024 * 1024
MAX_FILES = 256
"""Past this many cached trees, the least recently used quarter goes."""

_folder: Path | None = None


def use(folder: Path | None) -> None:
    """Keep trees in `folder` from now on (None: parse every time)."""
    global _folder
    _folder = folder


def read_tree(text: str) -> Tree:
    """The parse tree of `text`: from the cache when it holds it, else parsed (and kept
    when clean)."""
    folder = _folder
    if folder is None or len(text) > MAX_TEXT:
        return _parse(text)
    file = folder / f"{key(text)}.json"
    tree = _load(file, text)
    if tree is not None:
        with contextlib.suppress(OSError):
            os.utime(file)
        return tree
    tree = _parse(text)
    if not tree.problems and not tree.duplicates:
        _store(folder, file, tree)
    return tree


def key(text: str) -> str:
    import hashlib

    raw = f"{FORMAT}\n{text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


def _parse(text: str) -> Tree:
    from backtimer.routine.yamltree import parse_tree

    return parse_tree(text)


SEP = (",", ":")
"""Compact JSON."""


def dump(tree: Tree) -> str:
    """Two lines of JSON: the format and the data, then the positions (JSON puts no
    newline inside either), so a load parses the positions only when asked for them."""
    import json

    def marks(table: Marks) -> list[list[Any]]:
        return [[*path, line, col] for path, (line, col) in table.items()]

    body = json.dumps({"format": FORMAT, "data": tree.data}, ensure_ascii=False, separators=SEP)
    where = json.dumps([marks(tree.marks), marks(tree.key_marks)], separators=SEP)
    return f"{body}\n{where}"


def undump(text: str, source: str | None = None) -> Tree | None:
    """The tree `dump` wrote, or None for anything else (never an exception).

    With `source` (the routine's text), the positions are read and checked only when
    first asked for, which only a problem does (a routine that loads is never asked):
    they were over half of the picker's loading. Positions that are not what `dump`
    writes are then those of a fresh parse of `source`, so a cache file someone else
    wrote still gives the parse itself."""
    import json

    head, newline, tail = text.partition("\n")
    if not newline:
        return None
    try:
        body = json.loads(head)
    except (ValueError, RecursionError):
        return None
    if not isinstance(body, dict) or body.get("format") != FORMAT or "data" not in body:
        return None
    data = body["data"]
    if _nodes(data, 0) is None:
        return None
    if source is not None:

        def positions() -> tuple[Marks, Marks]:
            tables = _positions(tail)
            if tables is None:
                parsed = _parse(source)
                return parsed.marks, parsed.key_marks
            return tables

        return Tree(data, positions=positions)
    tables = _positions(tail)
    return None if tables is None else Tree(data, *tables)


def _positions(text: str) -> tuple[Marks, Marks] | None:
    import json

    try:
        rows = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if type(rows) is not list or len(rows) != 2:
        return None
    marks, key_marks = _marks(rows[0]), _marks(rows[1])
    return None if marks is None or key_marks is None else (marks, key_marks)


def _nodes(node: Any, depth: int) -> int | None:
    """How many values `node` holds, or None when it is not what a parse gives."""
    if depth > MAX_DEPTH:
        return None
    if node is None or isinstance(node, str):
        return 1
    items: Any
    if isinstance(node, dict):
        if not all(isinstance(k, str) for k in node):
            return None
        items = node.values()
    elif isinstance(node, list):
        items = node
    else:
        return None
    total = 1
    for item in items:
        count = _nodes(item, depth + 1)
        if count is None:
            return None
        total += count
        if total > MAX_NODES:
            return None
    return total


def _marks(rows: Any) -> Marks | None:
    # Exact types (`type(x) is int`: not bool): json gives nothing else. Written out
    # rather than with all() over generators, this was a third of the picker's loading.
    if type(rows) is not list or len(rows) > MAX_NODES:
        return None
    out: Marks = {}
    for row in rows:
        if type(row) is not list or not 2 <= len(row) <= MAX_DEPTH + 3:
            return None
        line, col = row[-2], row[-1]
        if type(line) is not int or type(col) is not int or line < 1 or col < 1:
            return None
        path = tuple(row[:-2])
        for part in path:
            if type(part) is not str and (type(part) is not int or part < 0):
                return None
        out[path] = (line, col)
    return out


def _load(file: Path, source: str) -> Tree | None:
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_FILE + 1)
    except OSError:
        return None
    if len(raw) > MAX_FILE:
        return None
    try:
        return undump(raw.decode("utf-8"), source)
    except UnicodeDecodeError:
        return None


def _store(folder: Path, file: Path, tree: Tree) -> None:
    text = dump(tree)
    if len(text) > MAX_FILE:
        return
    temp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(prefix=".tree-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, file)
    except (OSError, UnicodeEncodeError):
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    try:
        files = list(folder.glob("*.json"))
        if len(files) <= MAX_FILES:
            return
        dated = sorted(files, key=lambda f: f.stat().st_mtime)
    except OSError:
        return
    for old in dated[: len(dated) - MAX_FILES * 3 // 4]:
        with contextlib.suppress(OSError):
            old.unlink()
