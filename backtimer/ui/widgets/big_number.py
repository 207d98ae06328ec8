"""BigNumber: the large middle of the session screen, a countdown or "7 ╱ 15" reps.

One widget draws both in Textual's 3x3 digit font, centred (the line API); it is
redrawn only when the digits change.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.renderables.digits import Digits
from textual.strip import Strip
from textual.widget import Widget

from backtimer.ui.view import Big

SLASH = (" " * 3 + "╱ ", "  ╱  ", " ╱" + " " * 3)
"""The rep counter's slash, one cell of space either side."""
ROWS = 3


def digit_rows(text: str, bold: bool) -> list[str]:
    """The three rows Textual's Digits draws for `text`."""
    pieces = Digits(text).render(Style(bold=bold))
    return [s.text for s in pieces if isinstance(s, Segment) and s.text != "\n"]


@lru_cache(maxsize=8)
def big_rows(big: Big, bold: bool) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """Each row of `big` as (text, bold) pieces: the slash is not bold, as Digits are.
    Cached: a frame draws the three rows, and the digits change once a second."""
    if big.countdown is not None:
        return tuple(((row, bold),) for row in digit_rows(big.countdown, bold))
    if big.reps is None:
        return ()
    done, target = (digit_rows(str(n), bold) for n in big.reps)
    return tuple(
        ((d, bold), (s, False), (t, bold)) for d, s, t in zip(done, SLASH, target, strict=True)
    )


class BigNumber(Widget):
    DEFAULT_CSS = """
    BigNumber { height: 5; padding: 1 0; text-style: bold; }
    """

    big: reactive[Big] = reactive(Big(None), init=False, repaint=False)

    def watch_big(self, old: Big, new: Big) -> None:
        """Redraw only the cells the old and the new digits cover."""
        if (old.countdown, old.reps) == (new.countdown, new.reps):
            return
        (a, aw), (b, bw) = self.extent(old), self.extent(new)
        left, right = min(a, b), max(a + aw, b + bw)
        if right > left:
            self.refresh(Region(left, 0, right - left, ROWS))  # content coordinates

    def extent(self, big: Big) -> tuple[int, int]:
        """(first cell, cells) the digits of `big` take, centred."""
        if big.countdown is not None:
            width = Digits.get_width(big.countdown)
        elif big.reps is not None:
            width = sum(Digits.get_width(str(n)) for n in big.reps) + len(SLASH[0])
        else:
            return 0, 0
        return max(0, (self.size.width - width) // 2), width

    @property
    def shown(self) -> str:
        """What the digits read, as plain text: "0:25", "7/15" or ""."""
        big = self.big
        if big.countdown is not None:
            return big.countdown
        return f"{big.reps[0]}/{big.reps[1]}" if big.reps else ""

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        rows = big_rows(self.big, base.bold or False)
        if y >= len(rows) or width <= 0:
            return Strip.blank(width, base)
        segments = [Segment(" " * self.extent(self.big)[0], base)]
        segments += [Segment(text, base + Style(bold=b)) for text, b in rows[y]]
        return Strip(segments).crop_extend(0, width, base)
