"""Countdown: the big Digits of a timed step, redrawn only when the second changes."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Digits

from backtimer.ui.view import Big


class Countdown(Digits):
    DEFAULT_CSS = """
    Countdown { width: auto; height: 3; }
    """

    big: reactive[Big] = reactive(Big(None), init=False, repaint=False)

    def watch_big(self, big: Big) -> None:
        self.display = big.countdown is not None
        if big.countdown is not None and big.countdown != self.value:
            self.update(big.countdown)
