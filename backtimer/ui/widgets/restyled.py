"""Restyled: styles a widget draws with, computed once per restyle instead of once per line.

A widget's `rich_style` and its component styles walk the styles of every ancestor, and
Textual recomputes them on every refresh: for the session's countdown, meter lines and
breath pacer that was most of a frame. They change only when the widget is restyled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.widget import Widget

T = TypeVar("T")


class Restyled(Generic[T]):
    """`make()`'s value, kept until the widget's styles may have changed: Textual calls
    the widget's `notify_style_update` whenever its own rules change (a theme, a class),
    which calls `clear`; and the screen's classes (the session's phase and size classes,
    which colour the stage behind) are part of the key, since a change of an ancestor's
    background alone does not notify the widget."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._key: frozenset[str] | None = None
        self._value: T | None = None

    def get(self, widget: Widget) -> T:
        key = widget.screen.classes
        if self._value is None or key != self._key:
            self._key, self._value = key, self._make()
        return self._value

    def clear(self) -> None:
        self._value = None
