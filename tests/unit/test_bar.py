"""The session's bars draw exactly what Textual's Bar renderable draws, only faster."""

from __future__ import annotations

from rich.console import Console
from textual.renderables.bar import Bar

from backtimer.ui.widgets.bar import bar_cells, bar_change


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


def cells(width: int, fraction: float) -> list[tuple[str, bool]]:
    """Each cell of the bar with whether it is drawn in the fill colour."""
    filled, track = bar_cells(width, fraction)
    return [(c, True) for c in filled] + [(c, False) for c in track]


def test_bar_change_covers_every_cell_that_differs() -> None:
    for width in (1, 2, 3, 7, 40):
        steps = [i / (2 * width) for i in range(2 * width + 1)] + [0.3, 0.999]
        for old in steps:
            for new in steps:
                differ = [
                    i
                    for i, (a, b) in enumerate(
                        zip(cells(width, old), cells(width, new), strict=True)
                    )
                    if a != b
                ]
                span = bar_change(width, old, new)
                if not differ:
                    continue
                assert span is not None, (width, old, new)
                first, count = span
                assert first <= differ[0] and differ[-1] < first + count <= width, (width, old, new)
