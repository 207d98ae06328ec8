"""RepCounter: "7 / 15" in big digits for rep steps, paced or self-paced."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from backtimer.ui.view import Big

SLASH = "  ╱\n ╱ \n╱  "


class RepCounter(Widget):
    DEFAULT_CSS = """
    RepCounter { layout: horizontal; width: auto; height: 3; }
    RepCounter > Digits { width: auto; }
    RepCounter > Static { width: 5; padding: 0 1; }
    """

    big: reactive[Big] = reactive(Big(None), init=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield Digits("0", id="done")
        yield Static(SLASH, markup=False)
        yield Digits("0", id="target")

    def watch_big(self, big: Big) -> None:
        self.display = big.reps is not None
        self.set_class(big.self_paced, "-self-paced")
        if big.reps is None:
            return
        for digits, number in zip(self.query(Digits), big.reps, strict=True):
            if digits.value != str(number):
                digits.update(str(number))
