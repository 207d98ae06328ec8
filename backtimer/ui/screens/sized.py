"""SizedScreen: a screen that carries its breakpoint classes before it first draws."""

from __future__ import annotations

from typing import Any

from textual._context import NoActiveAppError
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen, ScreenResultType


def breakpoint_classes(app: App[Any], screen: Screen[Any], size: Size) -> dict[str, bool]:
    """The classes Textual's resize handler gives `screen` at `size` (-narrow, -tall, ...)."""
    across = screen.HORIZONTAL_BREAKPOINTS
    down = screen.VERTICAL_BREAKPOINTS
    across = (app.HORIZONTAL_BREAKPOINTS if across is None else across) or []
    down = (app.VERTICAL_BREAKPOINTS if down is None else down) or []
    classes = {name: False for _, name in across + down}
    for dimension, points in ((size.width, across), (size.height, down)):
        for at, name in sorted(points, reverse=True):
            if dimension >= at:
                classes[name] = True
                break
    return classes


class SizedScreen(Screen[ScreenResultType]):
    """Takes its breakpoint classes when built, not from its first Resize.

    Textual sets them on the first Resize, after the screen is composed and styled, and
    a change of classes restyles every widget on it: on the session screen that was a
    third of the time to the first frame. Given here, the first Resize changes nothing.
    """

    def __init__(self) -> None:
        super().__init__()
        try:
            app = self.app
        except NoActiveAppError:  # built outside a running app: Textual sets them later
            return
        self.update_classes(breakpoint_classes(app, self, app.size), update=False)
