"""The countdown redraws only the glyphs that changed, and draws with its cached styles
only until it is restyled (the hold's CPU against termdown's)."""

from __future__ import annotations

from routine_builders import exercise, hold, routine
from textual.geometry import Region
from ui_support import build, run_for, wake_through

from backtimer.ui.pixel_font import pixel_rows, pixel_width
from backtimer.ui.widgets.big_number import BigNumber, text_row


def plank() -> object:
    """Prepare 3 s, then a 60 s plank."""
    return routine("Plank", exercise("Plank", hold(60)))


async def test_a_new_second_redraws_only_the_last_digit() -> None:
    rig = build(plank())  # type: ignore[arg-type]
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await run_for(
            pilot, rig.clock, 3 + 11.5
        )  # 0:49: the next three seconds change the last digit
        big = rig.app.screen.query_one(BigNumber)
        assert big.scale >= 2, "the pixel font at 100x30"
        regions: list[tuple[Region, ...]] = []
        original = big.refresh

        def refresh(*r: Region, **kw: object) -> BigNumber:
            regions.append(r)
            return original(*r, **kw)  # type: ignore[arg-type]

        big.refresh = refresh  # type: ignore[method-assign]
        for _ in wake_through(rig.app, rig.clock, 3.0):
            pass
        await pilot.pause()
        assert big.shown == "0:46"
        assert len(regions) == 3, regions  # one redraw a second, of a region
        left, width = big.extent(big.big)
        digit = pixel_width("0") * big.scale
        for (region,) in regions:
            assert region.width <= digit + big.scale, region  # a glyph and its gap
            assert region.right == left + width, region  # the last one
            assert region.height == big.rows


async def test_the_rows_drawn_follow_the_phase_colour() -> None:
    rig = build(plank())  # type: ignore[arg-type]
    async with rig.app.run_test(size=(100, 30)) as pilot:
        big = rig.app.screen.query_one(BigNumber)
        await run_for(pilot, rig.clock, 1)  # get ready
        prepare = big.rich_style
        assert drawn_style(big) == prepare
        await run_for(pilot, rig.clock, 3)  # work: the digits are green now
        assert big.rich_style != prepare
        assert drawn_style(big) == big.rich_style


def drawn_style(big: BigNumber) -> object:
    """The style of the padding left of the digits on their first row, as drawn."""
    top = (big.size.height - big.rows) // 2
    return list(big.render_line(top))[0].style


def test_the_glyph_rows_are_the_whole_texts_rows() -> None:
    for text in ("0:46", "12:05", "7/15", "1:00:00"):
        for scale in (2, 3, 5):
            whole = pixel_rows(text, scale)
            assert tuple(text_row(text, scale, row) for row in range(len(whole))) == whole
