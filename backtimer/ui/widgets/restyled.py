"""Restyled: styles a widget draws with, computed once per restyle instead of once per line;
Watched: an attribute with a watcher, for the values the session sets on every frame.

A widget's `rich_style` and its component styles walk the styles of every ancestor, and
Textual recomputes them on every refresh: for the session's countdown, meter lines and
breath pacer that was most of a frame. They change only when the widget is restyled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar, overload

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


class Watched(Generic[T]):
    """An attribute that calls its owner's `watch_NAME(old, new)` when set to a value
    unequal to the one it has: what Textual's `reactive(..., init=False, repaint=False)`
    does for these widgets, without its machinery (validators, computes, bindings, the
    watcher's signature read on each set). Set 5 times a second by the breath pacer's
    frames, a reactive cost about 0.2 ms a set."""

    def __init__(self, default: T) -> None:
        self.default = default
        self.slot = ""
        self.watch = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot, self.watch = f"_watched_{name}", f"watch_{name}"

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> Watched[T]: ...
    @overload
    def __get__(self, obj: object, objtype: type | None = None) -> T: ...
    def __get__(self, obj: object | None, objtype: type | None = None) -> T | Watched[T]:
        if obj is None:
            return self
        value: T = getattr(obj, self.slot, self.default)
        return value

    def __set__(self, obj: object, value: T) -> None:
        old: T = getattr(obj, self.slot, self.default)
        if old == value:
            return
        setattr(obj, self.slot, value)
        getattr(obj, self.watch)(old, value)
