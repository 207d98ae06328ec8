"""The session's bars draw exactly what Textual's Bar renderable draws, only faster."""

from __future__ import annotations

from rich.console import Console
from textual.renderables.bar import Bar

from backtimer.ui.widgets.bar import bar_cells


def rendered(width: int, fraction: float) -> str:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as out:
        console.print(Bar((0, width * fraction), "red", "blue"), end="")
    return out.get()


def test_bar_cells_match_textuals_bar_at_every_half_cell() -> None:
    for width in (1, 2, 3, 10, 37, 80):
        for step in range(0, 4 * width + 1):
            fraction = step / (4 * width)
            filled, track = bar_cells(width, fraction)
            assert filled + track == rendered(width, fraction), (width, fraction)
            assert len(filled + track) == width


def test_bar_cells_clamp_fractions_outside_zero_to_one() -> None:
    assert bar_cells(4, -1.0) == ("", "━━━━")
    assert bar_cells(4, 2.0) == ("━━━━", "")
