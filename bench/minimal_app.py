"""The fair baseline: the least a Textual countdown can be. One Digits widget counting
down to a deadline, redrawn by set_interval at 1 Hz; exits at zero.

    python bench/minimal_app.py [SECONDS]      (default 60)
"""

from __future__ import annotations

import math
import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Digits


class Countdown(App[None]):
    CSS = "Screen { align: center middle; } Digits { width: auto; }"

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.deadline = time.monotonic() + seconds

    def compose(self) -> ComposeResult:
        yield Digits(self.text())

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def text(self) -> str:
        left = max(0, math.ceil(self.deadline - time.monotonic()))
        return f"{left // 60:02d}:{left % 60:02d}"

    def tick(self) -> None:
        self.query_one(Digits).update(self.text())
        if time.monotonic() >= self.deadline:
            self.exit()


if __name__ == "__main__":
    Countdown(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0).run()
