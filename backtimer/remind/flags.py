"""The flags of `backtimer remind`; light to import (the parser is built at every start)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import timedelta

from backtimer.remind.spec import EVERY_RANGE, SpecError, parse_days, parse_hours, parse_span

PAUSE_RANGE = (timedelta(minutes=1), timedelta(hours=24))


def _arg(parse: Callable[[str], object]) -> Callable[[str], object]:
    def check(text: str) -> object:
        try:
            return parse(text)
        except SpecError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    return check


def _speed(text: str) -> float:
    """As `run --speed`: a session that many times faster (to try it; tests)."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 1000:
        raise argparse.ArgumentTypeError("--speed must be between 0 and 1000")
    return value


def _pause(text: str) -> timedelta | None:
    return None if text.strip().lower() == "off" else parse_span(text, *PAUSE_RANGE)


def add_remind_options(
    p: argparse.ArgumentParser, sounds: tuple[str, ...], voices: tuple[str, ...]
) -> None:
    every = _arg(lambda t: parse_span(t, *EVERY_RANGE))
    p.add_argument("--every", type=every, metavar="SPAN", help="how often: 2h (default), 90m")
    p.add_argument("--routine", help="a routine name or path (default: the desk break)")
    p.add_argument("--hours", type=_arg(parse_hours), help="working hours: 09:00-18:00")
    p.add_argument("--days", type=_arg(parse_days), help="working days: mon-fri")
    p.add_argument("--now", action="store_true", help="the first reminder at once")
    control = p.add_mutually_exclusive_group()
    control.add_argument(
        "--pause", type=_arg(_pause), default=False, metavar="SPAN|off",
        help="pause the running reminders (1h), or 'off'",
    )  # fmt: skip
    control.add_argument("--status", action="store_true", help="ask the running reminders")
    control.add_argument("--install", action="store_true", help="start reminders at login")
    control.add_argument("--uninstall", action="store_true", help="undo --install")
    p.add_argument("--plain", action="store_true", help="run breaks with --plain")
    p.add_argument("--speed", type=_speed, default=1.0, help=argparse.SUPPRESS)
    p.add_argument("--sound", choices=sounds, default=None, help="for the cue and the breaks")
    p.add_argument("--voice", choices=voices, default="auto", help="for the breaks")
