"""BigNumber: the large middle of the session screen, a countdown or "7 / 15" reps.

As big as its box allows: the pixel font at scale 2 or more (7 rows and up) when it fits,
else Textual's 3x3 digit font; centred both ways (the line API). A new second redraws only
the glyphs that changed, and a redrawn row is looked up, not built: each glyph's rows are
made once per scale, each row's Strip once per text, the styles once per restyle.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.renderables.digits import Digits
from textual.strip import Strip
from textual.widget import Widget

from backtimer.present.view import Big
from backtimer.ui.pixel_font import GAP, fit_scale, pixel_rows, pixel_width
from backtimer.ui.widgets.restyled import Restyled, Watched

SLASH = (" " * 3 + "╱ ", "  ╱  ", " ╱" + " " * 3)
"""The rep counter's slash in the small font, one cell of space either side."""
SMALL_ROWS = 3
MIN_SCALE = 2
"""The pixel font is used from this scale (7 rows) up; below, the 3-row digits."""
MAX_SCALE = 8
"""28 rows: beyond this the countdown crowds out the cue and what comes next."""


def digit_rows(text: str, bold: bool) -> list[str]:
    """The three rows Textual's Digits draws for `text`."""
    pieces = Digits(text).render(Style(bold=bold))
    return [s.text for s in pieces if isinstance(s, Segment) and s.text != "\n"]


def big_text(big: Big) -> str:
    """What the digits read, as plain text: "0:25", "7/15" or ""."""
    if big.countdown is not None:
        return big.countdown
    return f"{big.reps[0]}/{big.reps[1]}" if big.reps else ""


def widest(big: Big) -> str:
    """The widest text this step can show, so its scale does not change as it counts."""
    if big.reps is not None:
        return f"{big.reps[1]}/{big.reps[1]}"
    text = big.countdown or ""
    return text if len(text) > 4 else "0:00"


@lru_cache(maxsize=8)
def small_rows(big: Big, bold: bool) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """Each row of `big` in the 3-row font as (text, bold) pieces: the slash is not bold,
    as Digits are. Cached: a frame draws the three rows, and the digits change once a second."""
    if big.countdown is not None:
        return tuple(((row, bold),) for row in digit_rows(big.countdown, bold))
    if big.reps is None:
        return ()
    done, target = (digit_rows(str(n), bold) for n in big.reps)
    return tuple(
        ((d, bold), (s, False), (t, bold)) for d, s, t in zip(done, SLASH, target, strict=True)
    )


@lru_cache(maxsize=64)
def glyph_rows(char: str, scale: int) -> tuple[str, ...]:
    """The rows of one glyph at `scale`: the digits, colon and slash of every countdown
    are a dozen glyphs, made once per scale."""
    return pixel_rows(char, scale)


def text_row(text: str, scale: int, row: int) -> str:
    """Row `row` of `text` at `scale`, glyph by glyph: the same cells as
    `pixel_rows(text, scale)[row]` (a gap pixel is a blank cell, top and bottom)."""
    gap = " " * (GAP * scale)
    return gap.join(glyph_rows(char, scale)[row] for char in text)


@lru_cache(maxsize=32)
def scale_for(text: str, width: int, height: int) -> int:
    """The pixel font's scale for `text` in a `width` x `height` box (0: the 3-row digits)."""
    scale = fit_scale(text, width, height, at_most=MAX_SCALE)
    return scale if scale >= MIN_SCALE else 0


def small_width(big: Big) -> int:
    if big.countdown is not None:
        return Digits.get_width(big.countdown)
    if big.reps is not None:
        return sum(Digits.get_width(str(n)) for n in big.reps) + len(SLASH[0])
    return 0


class BigNumber(Widget):
    DEFAULT_CSS = """
    BigNumber { height: 5; text-style: bold; }
    """

    big: Watched[Big] = Watched(Big(None))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._styles = Restyled(self._make_styles)
        """(the widget's style, with bold off, with bold on)."""
        self._strips: dict[tuple[object, ...], list[Strip]] = {}
        """The box's rows drawn for the text shown now (and the one before), by their key."""

    def notify_style_update(self) -> None:
        """Textual calls this whenever this widget's rules change (the phase's colour, a
        theme): the cached styles and rows are stale."""
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _make_styles(self) -> tuple[Style, Style, Style]:
        base = self.rich_style
        return base, base + Style(bold=False), base + Style(bold=True)

    @property
    def scale(self) -> int:
        """The pixel font's scale in this box (0: the 3-row digits)."""
        size = self.size
        return scale_for(widest(self.big), size.width, size.height)

    @property
    def rows(self) -> int:
        """How many rows the digits take now."""
        scale = self.scale
        return -(-7 * scale // 2) if scale else SMALL_ROWS

    def watch_big(self, old: Big, new: Big) -> None:
        """Redraw only the columns of the glyphs that changed."""
        if (old.countdown, old.reps) == (new.countdown, new.reps):
            return
        (a, aw), (b, bw) = self.extent(old), self.extent(new)
        left, right = min(a, b), max(a + aw, b + bw)
        old_text, new_text = big_text(old), big_text(new)
        scale = self.scale
        if scale and len(old_text) == len(new_text) and aw == bw:
            same = 0
            while same < len(new_text) and old_text[same] == new_text[same]:
                same += 1
            left = a + pixel_width(new_text[:same]) * scale if same else a
        if right > left:
            top = max(0, (self.size.height - self.rows) // 2)
            self.refresh(Region(left, top, right - left, self.rows))  # content coordinates

    def extent(self, big: Big) -> tuple[int, int]:
        """(first cell, cells) the digits of `big` take, centred."""
        scale = self.scale
        width = pixel_width(big_text(big)) * scale if scale else small_width(big)
        return max(0, (self.size.width - width) // 2), width

    @property
    def shown(self) -> str:
        """What the digits read, as plain text: "0:25", "7/15" or ""."""
        return big_text(self.big)

    def render_line(self, y: int) -> Strip:
        size, big, styles = self.size, self.big, self._styles.get(self)
        key = (big.countdown, big.reps, widest(big), size.width, size.height, styles[0])
        strips = self._strips.get(key)
        if strips is None:
            if len(self._strips) > 2:  # texts no longer shown
                self._strips.clear()
            strips = self._strips[key] = self._draw(size.width, size.height, styles)
        return strips[y] if 0 <= y < len(strips) else Strip.blank(size.width, styles[0])

    def _draw(self, width: int, height: int, styles: tuple[Style, Style, Style]) -> list[Strip]:
        """Every row of the box for the text shown now: a new second draws them once."""
        base, plain, bold = styles
        blank = Strip.blank(width, base)
        scale, big = self.scale, self.big
        top = max(0, (height - self.rows) // 2)
        rows: list[tuple[tuple[str, bool], ...]]
        if scale:
            text = big_text(big)
            rows = [((text_row(text, scale, row), False),) for row in range(self.rows)]
            rows = rows if text else []
        else:
            rows = list(small_rows(big, base.bold or False))
        if not rows or width <= 0:
            return [blank] * height
        left = self.extent(big)[0]
        strips = [blank] * height
        for row, pieces in enumerate(rows[: max(0, height - top)]):
            segments = [Segment(" " * left, base)] if left else []
            segments += [Segment(text, bold if b else plain) for text, b in pieces]
            drawn = left + sum(cell_len(text) for text, _ in pieces)
            if drawn <= width:  # what crop_extend makes, without measuring it again
                segments.append(Segment(" " * (width - drawn), base))
                strips[top + row] = Strip(segments, width)
            else:
                strips[top + row] = Strip(segments).crop_extend(0, width, base)
        return strips
