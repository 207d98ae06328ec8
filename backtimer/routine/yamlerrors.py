"""A YAML syntax error -> a message in plain words with the fix, at the place to fix.

The parser (libyaml, or PyYAML's own when libyaml is missing) says where it gave up in
its own terms ("found character that cannot start any token"); the common mistakes of
a person writing a routine are recognised here from that and the lines around it: a
tab, a colon inside a name, lines that do not line up, a quote or bracket left open,
a stray '-'. Anything else keeps the parser's words.
"""

from __future__ import annotations

from typing import Any

from backtimer.routine.shown import quote

SYNTAX = "YAML syntax: "
_EXAMPLE_LIMIT = 60


def explain(err: Any, text: str) -> tuple[int, int, str]:
    """1-based (line, col) and message for a yaml.MarkedYAMLError on `text`."""
    problem = str(err.problem or err.context or "")
    context = str(err.context or "")
    mark, start = err.problem_mark or err.context_mark, err.context_mark
    if mark is None:
        return 1, 1, SYNTAX + problem
    lines = text.split("\n")
    at = _Where(lines, mark.line, mark.column)
    explained = _explained(problem, context, at, start and _Where(lines, start.line, start.column))
    if explained is None:
        return at.line + 1, at.col + 1, SYNTAX + problem
    where, message = explained
    return where.line + 1, where.col + 1, SYNTAX + message


class _Where:
    """A 0-based place in the text and the line it is on."""

    def __init__(self, lines: list[str], line: int, col: int) -> None:
        self.lines, self.line, self.col = lines, line, col
        self.text = lines[line] if line < len(lines) else ""
        self.char = self.text[col : col + 1]

    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))


def _explained(
    problem: str, context: str, at: _Where, start: _Where | None
) -> tuple[_Where, str] | None:
    if at.char == "\t" or "tab character" in problem:
        return at, "a tab character: YAML indents with spaces only; replace the tab with spaces"
    if "cannot start any token" in problem:
        return at, (
            f"a value cannot start with {quote(at.char)}: put the value in quotes"
            f" ({_quoted(at.text[at.col :].strip())})"
        )
    if "mapping values are not allowed" in problem:
        return at, _colon(at)
    if start is None:
        return None
    if "quoted scalar" in context and "end of stream" in problem:
        q = start.char or '"'
        return start, f"the quote {q} opened here is never closed: add the closing {q}"
    if "escape character" in problem:
        return at, (
            "an unknown escape with \\ inside double quotes: write \\\\ for a backslash,"
            " or put the value in single quotes"
        )
    if "flow sequence" in context or "flow mapping" in context:
        close = "]" if "sequence" in context else "}"
        return start, (
            f"the {quote(start.char or close)} opened here is not closed with {quote(close)}"
            f" before line {at.line + 1}: close it, or put the value in quotes if the"
            f" {quote(start.char or close)} is part of the text"
        )
    if "simple key" in context and "expected ':'" in problem:
        return start, _no_colon(start)
    if "block collection" in context:
        return at, _list_indent(at, start)
    if "block mapping" in context:
        return at, _mapping_trouble(at, start)
    return None


def _quoted(value: str) -> str:
    """`value` written as a YAML quoted scalar, for an example (cut when long)."""
    if len(value) > _EXAMPLE_LIMIT:
        value = value[:_EXAMPLE_LIMIT] + "…"
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _colon(at: _Where) -> str:
    """A ': ' the parser did not expect: inside a value, or a key on a line indented
    deeper than the key above it (so it reads as that key's value going on)."""
    before = at.text[: at.col]
    body = before.lstrip(" ")
    while body.startswith("- "):
        body = body[2:].lstrip(" ")
    key, sep, value = body.partition(": ")
    if sep:
        value = (value + at.text[at.col :]).strip()
        return (
            f"a colon followed by a space inside the value of {quote(key.strip())}:"
            f" put the value in quotes, like {key.strip()}: {_quoted(value)}"
        )
    above = _line_above(at)
    if above is not None:
        keys_at = _content_col(above)
        return (
            f"line {at.line + 1} is indented {_spaces(at.indent())}, deeper than the key on"
            f" line {above.line + 1} ({_spaces(keys_at)}), which already has a value:"
            " the keys of one mapping line up"
        )
    return "a colon followed by a space here: put the value in quotes"


def _no_colon(start: _Where) -> str:
    word = start.text[start.col :].strip()
    key, colon, value = word.partition(":")
    if colon and value and not value.startswith(" "):
        return f"a key needs a space after its colon: write {key}: {value.strip()}"
    shown = word[:_EXAMPLE_LIMIT]
    return f"{quote(shown)} is not followed by ':': a key is written {shown}: followed by its value"


def _list_indent(at: _Where, start: _Where) -> str:
    dash, keys = start.col, _content_col(start)
    return (
        f"line {at.line + 1} is indented {_spaces(at.indent())}, which lines up with"
        f" neither the '-' of the list on line {start.line + 1} ({_spaces(dash)}) nor"
        f" its keys ({_spaces(keys)}): indent the items of one list alike"
    )


def _mapping_trouble(at: _Where, start: _Where) -> str:
    if at.char in "]}" and at.char:
        return f"a {quote(at.char)} with no opening bracket before it: remove it"
    previous = at.text[: at.col].rstrip(" ")
    if previous[-1:] in ('"', "'"):
        q = previous[-1]
        other = "'" if q == '"' else '"'
        return (
            f"text after the closing {q}: a quoted value ends at its closing quote;"
            f" to have {q} inside the value, put the whole value in {other} quotes"
        )
    if at.char == "-" and at.col == start.col:
        return (
            f"a '-' among the keys of the mapping on line {start.line + 1}: remove the"
            " stray '-', or, to start a list item, line it up with the '-' above it"
        )
    same = _same_kind_above(at)
    if same is not None:
        kind = "list item" if at.char == "-" else "key"
        return (
            f"line {at.line + 1} starts a {kind} at {_spaces(at.indent())}, but line"
            f" {same.line + 1}'s is at {_spaces(same.col)}: indent the lines of one"
            " list or mapping alike"
        )
    return (
        f"line {at.line + 1} is indented {_spaces(at.indent())}, but the keys of the"
        f" mapping on line {start.line + 1} are at {_spaces(start.col)}: line them up"
    )


def _line_above(at: _Where) -> _Where | None:
    """The nearest line above with something on it (not a comment)."""
    for n in range(at.line - 1, -1, -1):
        stripped = at.lines[n].strip()
        if stripped and not stripped.startswith("#"):
            return _Where(at.lines, n, 0)
    return None


def _same_kind_above(at: _Where) -> _Where | None:
    """The nearest line above that starts the same way (a '-' or a key) at another
    indentation, at its first character."""
    dash = at.char == "-"
    for n in range(at.line - 1, -1, -1):
        above = _Where(at.lines, n, 0)
        stripped = above.text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("-") == dash:
            return _Where(at.lines, n, above.indent())
    return None


def _content_col(where: _Where) -> int:
    """Where the first key of a line starts, after its indentation and any '- '."""
    col = where.indent()
    text = where.text
    while text[col : col + 2] == "- ":
        col += 2
        while text[col : col + 1] == " ":
            col += 1
    return col


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"
