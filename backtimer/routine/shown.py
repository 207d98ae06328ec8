"""Routine text as a terminal may show it: cleaned of what could drive the terminal or
hide in the text, and quoted on one line inside messages. No imports beyond re.

A value in a message is never printed as it stands: `hold: "3s\\nx.yaml:9:9: forged"`
would print a second, forged FILE:LINE:COL line. `quote` escapes it onto one line.
"""

from __future__ import annotations

import re

_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
"""Format characters that show nothing: bidi controls (which reorder the text around
them), zero-width spaces and joiners, word joiners, the byte order mark."""
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_INVISIBLE}]")
"""C0 and C1 controls (escape sequences start with one) but tab and newline, the
Unicode line and paragraph separators, and the invisible characters."""

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character str.splitlines() breaks at."""

QUOTE_LIMIT = 60
"""The most characters of a value a message quotes."""


def clean(text: str) -> str:
    """Text that cannot drive a terminal or hide in plain sight: controls become U+FFFD,
    invisible characters go (so 'right' with a zero-width space is 'right'), and
    the Unicode line and paragraph separators become line breaks (which names refuse)."""
    return _UNSAFE.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    c = match.group()
    if c in "\u2028\u2029":
        return "\n"
    return "\ufffd" if c <= "\x9f" else ""


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message shows it: quoted, on one line, every control and invisible
    character escaped (Python's repr), cut after `limit` characters."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return repr(text)


def one_line(text: str) -> str:
    """Text (a message, a path) printed as one line: breaks, tabs, controls and invisible
    characters escaped as repr escapes them, the rest as it is."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def how_often(per_week: tuple[float, float] | None) -> str:
    """A routine's `per_week` in words: '3 times a week', '2-3 times a week', 'every day'."""
    if per_week is None:
        return ""
    low, high = (int(v) for v in per_week)
    if low == high == 7:
        return "every day"
    count = f"{low}" if low == high else f"{low}-{high}"
    return "once a week" if count == "1" else f"{count} times a week"
