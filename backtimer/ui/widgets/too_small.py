"""TooSmall: what every screen shows instead of its body below 60x20."""

from __future__ import annotations

from textual.widgets import Static

MESSAGE = "Terminal too small: make it at least 60x20."


class TooSmall(Static):
    """Shown by the app's breakpoint classes; hides the screen's `.body`."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    TooSmall { display: none; width: 1fr; height: 1fr; content-align: center middle;
               text-style: bold; }
    Screen.-too-narrow TooSmall, Screen.-too-short TooSmall { display: block; }
    Screen.-too-narrow .body, Screen.-too-short .body,
    Screen.-too-narrow KeyLegend, Screen.-too-short KeyLegend { display: none; }
    """

    def __init__(self) -> None:
        super().__init__(MESSAGE, markup=False)
