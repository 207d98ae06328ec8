"""Cleaning text before any speech engine sees it; pure functions, no UI."""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 500
"""Longer text is cut: a cue is a sentence or two, never a document."""

# Terminal escape sequences go whole (not just their ESC, or "[31m" would be spoken):
# CSI (ESC [ or U+009B ... final byte), OSC/DCS/PM/APC strings (... BEL or ESC \),
# and two-character escapes.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]P^_]|[\x9d\x90\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_SPACE = re.compile(r"\s+")
# Cc: C0/C1 controls (NUL, ESC, DEL...); Cf: format characters (bidi marks, embeddings
# and isolates, zero-width spaces, U+061C, BOM); Cs: lone surrogates, which no engine
# could be sent as UTF-8.
_REMOVED = frozenset(("Cc", "Cf", "Cs"))


def clean_text(text: str) -> str:
    """`text` safe to speak: escape sequences and control characters removed,
    whitespace runs (newlines, tabs, U+2028/U+2029 included) as one space,
    stripped, and at most MAX_CHARS characters."""
    text = _SPACE.sub(" ", _ESCAPES.sub("", text))
    kept = "".join(char for char in text if unicodedata.category(char) not in _REMOVED)
    return _SPACE.sub(" ", kept).strip()[:MAX_CHARS].rstrip()
