"""UpNext, CautionText and CueText: lines of routine text, always shown as plain text."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


class PlainLine(Static):
    """A line whose `text` is routine text: never parsed as markup."""

    text: reactive[str] = reactive("", init=False)

    def watch_text(self, text: str) -> None:
        self.update(Content(text))


class UpNext(PlainLine):
    DEFAULT_CSS = """
    UpNext { height: 1; text-style: bold; }
    """


class CautionText(PlainLine):
    """The exercise's caution, above its cue; hidden when it has none."""

    DEFAULT_CSS = """
    CautionText { height: auto; text-style: bold; color: $warning; display: none; }
    """

    def watch_text(self, text: str) -> None:
        self.update(Content(f"Caution: {text}" if text else ""))
        self.display = bool(text)


class CueText(PlainLine):
    DEFAULT_CSS = """
    CueText { height: auto; max-height: 3; text-style: italic; }
    """
