"""One total, today's: `list`, the picker, `show` and the start card agree once targets
have grown (the picker and `list` used the ranges' low ends)."""

from __future__ import annotations

import io
import re

from history_rig import grown, real_history
from textual.widgets import OptionList, Static
from ui_support import build

from backtimer.cli import main
from backtimer.routine.catalog import Listing
from backtimer.routine.loader import load_routine
from backtimer.ui.screens.picker import PickerScreen


def cli(*args: str) -> str:
    out = io.StringIO()
    assert main(list(args), out=out) == 0
    return out.getvalue()


def clock_in(text: str) -> str:
    found = re.search(r"\b\d+:\d\d\b", text)
    assert found, text
    return found.group(0)


async def test_list_the_picker_show_and_the_start_card_give_one_total() -> None:
    path = grown()
    routine = load_routine(path)
    low = clock_in(cli("show", str(path), "--level", "low").split("Total:")[1])
    listed = clock_in(next(line for line in cli("list").splitlines() if "plank-ladder" in line))
    shown = clock_in(cli("show", str(path)).split("Total:")[1])
    history = real_history()
    rig = build(
        catalog=[Listing.of(routine, "user", path)],
        autostart=False,
        prepare=history.prepare,
        plan_today=history.plan,
    )
    async with rig.app.run_test(size=(100, 30)) as pilot:
        picker = rig.app.screen
        assert isinstance(picker, PickerScreen)
        row = str(picker.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        card = str(rig.app.screen.query_one("#totals", Static).content)
    history.close()
    assert shown != low, "the targets grew"
    assert listed == shown == clock_in(row) == clock_in(card), (low, listed, shown, row, card)
