"""The command line: list, show, validate, schema, run, sounds, history, stats."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from backtimer import __version__, paths
from backtimer.routine import catalog, treecache
from backtimer.routine.shown import one_line
from backtimer.run import startup_gc

if TYPE_CHECKING:
    from backtimer.history import HistoryStore
    from backtimer.routine.model import Routine
    from backtimer.run.run_prefetch import Prefetched
    from backtimer.run.spawned import Spawned

SOUND_CHOICES = ("auto", "miniaudio", "simpleaudio", "bell", "off")
VOICE_CHOICES = ("auto", "espeak", "system", "off")
COMMANDS = (
    *("list", "show", "validate", "schema", "exercises", "run"),
    *("sounds", "history", "stats", "remind"),
)


def level_arg(text: str) -> str:
    """`--level low|high|N`, checked when parsed and passed on as written."""
    from backtimer.history import parse_level

    try:
        parse_level(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` its one command (what a start needs: the
    other nine commands' parsers took 4-5 ms, a fifth of what backtimer adds to the first
    frame). `--help` and a mistyped command use the whole one, so both list every command."""
    p = argparse.ArgumentParser(
        prog="backtimer", description="A hands-free timer for back exercises."
    )
    p.add_argument("--version", action="version", version=f"backtimer {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def wanted(name: str) -> bool:
        return only is None or only == name

    if wanted("list"):
        sub.add_parser("list", help="bundled and user routines with their total time")
    if wanted("show"):
        show = sub.add_parser("show", help="the timeline of a routine, step by step")
        show.add_argument("routine", help="a path, or the name of a bundled or user routine")
        show.add_argument("--json", action="store_true", help="machine-readable output")
        show.add_argument(
            "--script", action="store_true", help="every phrase the voice says, with its instant"
        )
        show.add_argument(
            "--voice", choices=VOICE_CHOICES, default="auto", help="measure phrases with this voice"
        )
        show.add_argument(
            "--level", type=level_arg, help="low, high or N steps up: which value ranges use"
        )
    if wanted("validate"):
        validate = sub.add_parser(
            "validate", help="check routine files; every problem as FILE:LINE:COL"
        )
        validate.add_argument("files", nargs="+", type=Path)
    if wanted("schema"):
        schema = sub.add_parser("schema", help="the JSON Schema of routine files (for editors)")
        schema.add_argument("--library", action="store_true", help="of exercise library files")
    if wanted("exercises"):
        exercises = sub.add_parser("exercises", help="the exercise library routines can use")
        exercises.add_argument("filter", nargs="?", default="", help="only those with this text")
    if wanted("run"):
        run = sub.add_parser("run", help="run a routine (no routine: pick one)")
        add_run_options(run)
    if wanted("sounds"):
        sounds = sub.add_parser("sounds", help="a sound check: play every cue with its name")
        sounds.add_argument("--sound", choices=SOUND_CHOICES, default=None)
    for name, text in (("history", "recent sessions"), ("stats", "weekly minutes, streak, bests")):
        if not wanted(name):
            continue
        h = sub.add_parser(name, help=text)
        h.add_argument("--json", action="store_true")
        if name == "history":
            h.add_argument("--export", choices=("csv",), help="all sessions and steps as CSV")
            h.add_argument("--limit", type=int, default=20)
        else:
            h.add_argument(
                "routine", nargs="?", help="only this routine, toward its own per_week target"
            )
    if wanted("remind"):
        from backtimer.remind.flags import add_remind_options

        remind = sub.add_parser("remind", help="desk breaks every few hours, with a notification")
        add_remind_options(remind, SOUND_CHOICES, VOICE_CHOICES)
    return p


def add_run_options(run: argparse.ArgumentParser) -> None:
    run.add_argument("routine", nargs="?", help="a path, or a routine name; none opens the picker")
    run.add_argument("--speed", type=float, default=1.0, help="run X times faster (to try it)")
    run.add_argument("--events", type=Path, help="write one JSON line per event to FILE")
    run.add_argument("--plain", action="store_true", help="no full screen: one line per step")
    run.add_argument("--sound", choices=SOUND_CHOICES, default=None, help="sound backend")
    run.add_argument(
        "--voice", choices=VOICE_CHOICES, default="auto", help="spoken guidance engine, or off"
    )
    run.add_argument("--resume", action="store_true", help="continue the last unfinished session")
    run.add_argument(
        "--level", type=level_arg, help="low, high or N steps up (default: from your history)"
    )
    run.add_argument("--start", action="store_true", help="skip the start card")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or words[0] not in (*COMMANDS, "-h", "--help", "--version"):
        words = ["run", *words]  # `backtimer --sound off` is `backtimer run --sound off`
    args = build_parser(words[0] if words[0] in COMMANDS else None).parse_args(words)
    command = args.command
    if command != "run" or args.plain:
        startup_gc.release()  # only the full-screen app holds the collector off
    handler = {
        "list": cmd_list,
        "show": cmd_show,
        "validate": cmd_validate,
        "schema": cmd_schema,
        "exercises": cmd_exercises,
        "run": cmd_run,
        "sounds": cmd_sounds,
        "history": cmd_history,
        "stats": cmd_stats,
        "remind": cmd_remind,
    }[command]
    treecache.use(paths.cache_dir() / "trees")
    try:
        return handler(args, out)
    except catalog.NotFound as err:
        print(f"backtimer: {err}", file=sys.stderr)
        return 2
    finally:
        treecache.use(None)


def _load(ref: str) -> tuple[Path, Routine] | int:
    from backtimer.routine.loader import RoutineError, load_routine

    path = catalog.resolve(ref)
    try:
        return path, load_routine(path)
    except RoutineError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{one_line(str(path))}: cannot read: {err.strerror or err}", file=sys.stderr)
        return 2


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.routine.durations import format_seconds
    from backtimer.routine.loader import RoutineError, load_routine
    from backtimer.run.recorder import open_store, plan_today

    rows = [("NAME", "WHERE", "EXERCISES", "TIME", "FILE")]
    store = open_store(lambda m: print(m, file=sys.stderr))
    for entry in catalog.entries():
        try:
            routine = load_routine(entry.path)
        except (RoutineError, OSError):
            rows.append(
                (one_line(entry.name), entry.origin, "-", "invalid", one_line(str(entry.path)))
            )
            continue
        plan = plan_today(routine, store).plan  # today's targets: the total show gives
        time = format_seconds(plan.total_seconds) + ("+" if plan.self_paced_steps else "")
        count = str(len(routine.exercises))
        rows.append((one_line(entry.name), entry.origin, count, time, one_line(str(entry.path))))
    if store is not None:
        store.close()
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print(
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[4],
            file=out,
        )
    return 0


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    loaded = _load(args.routine)
    if isinstance(loaded, int):
        return loaded
    from backtimer.present.plan_report import plan_json_text, plan_table

    _, routine = loaded
    from backtimer.run.recorder import open_store, plan_today

    store = open_store(lambda m: print(m, file=sys.stderr))
    try:
        today = plan_today(routine, store, args.level)
    finally:
        if store is not None:
            store.close()
    plan = today.plan
    if args.script:
        from backtimer.run.wiring import script_lines

        print("\n".join(script_lines(plan, args.voice)), file=out)
    elif args.json:
        print(plan_json_text(plan), file=out)
    else:
        width = shutil.get_terminal_size((80, 24)).columns if out.isatty() else 80
        print(plan_table(routine, plan, width), file=out)
        for key, (before, now) in today.progression.raised.items():
            print(f"Stepped up since last time: {key} {before:g} → {now:g}", file=out)
        if today.progression.held:
            print(today.progression.held, file=out)
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.routine.loader import RoutineError, load_routine

    worst = 0
    for path in args.files:
        try:
            load_routine(path)
        except RoutineError as err:
            for problem in err.problems:
                print(problem, file=out)
            worst = max(worst, 1)
            continue
        except OSError as err:
            print(f"{one_line(str(path))}: cannot read: {err.strerror or err}", file=sys.stderr)
            worst = 2
            continue
        print(f"{one_line(str(path))}: ok", file=out)
    return worst


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from backtimer.routine.schema import json_schema

    if args.library:
        from backtimer.routine.keys import LIBRARY

        print(json.dumps(json_schema(LIBRARY), indent=2), file=out)
        return 0
    print(json.dumps(json_schema(), indent=2), file=out)
    return 0


def cmd_exercises(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.routine.library import listing
    from backtimer.routine.loader import RoutineError

    files = [e.path for e in catalog.entries() if e.origin == "bundled"]
    try:
        lines = listing(args.filter, files)
    except RoutineError as err:
        print(err, file=sys.stderr)
        return 1
    if not lines:
        print(f"backtimer: no library exercise has {args.filter!r} in it", file=sys.stderr)
        return 1
    out.writelines(line + "\n" for line in lines)
    return 0


def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.run.options import RunOptions

    if not args.plain:
        startup_gc.hold()  # released once the first frame is up
    speed_ok = 0 < args.speed <= 1000
    path, routine, fetch = None, None, None
    if args.routine and speed_ok and not args.plain:
        # The full screen reads the file (and today's plan) on the other core while
        # Textual is imported here; launch() takes it, or reads the file itself.
        path = catalog.resolve(args.routine)
        fetch = _prefetch(path, args.level, args.resume)
    if args.routine and fetch is None:
        loaded = _load(args.routine)
        if isinstance(loaded, int):
            return loaded
        path, routine = loaded
    if not speed_ok:
        print("backtimer: --speed must be between 0 and 1000", file=sys.stderr)
        return 2
    options = RunOptions(
        routine=path,
        speed=args.speed,
        events=args.events,
        plain=args.plain,
        sound=args.sound or "auto",
        resume=args.resume,
        level=args.level,
        autostart=args.start,
        voice=args.voice,
    )
    from backtimer.launch import launch

    load = None if path is None else partial(_load, str(path))
    return launch(options, routine, fetch=fetch, load=load)


def _prefetch(path: Path, level: str | None, resume: bool) -> Spawned[Prefetched] | None:
    """A child reading `path` and today's plan of it, when the app will read its keys
    from this terminal (else --plain runs, in this process alone)."""
    from backtimer.run import run_prefetch
    from backtimer.run.options import keys_from_terminal

    return run_prefetch.start(path, level, resume) if keys_from_terminal() else None


def cmd_sounds(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.sound.soundcheck import run_soundcheck

    return run_soundcheck(args.sound or "auto", out)


def _open_history() -> HistoryStore | int:
    from backtimer.history import HistoryError, HistoryStore

    try:
        return HistoryStore.open(paths.history_file(), lambda m: print(m, file=sys.stderr))
    except HistoryError as err:
        print(f"backtimer: {err}", file=sys.stderr)
        return 1


def cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.history.report import history_command

    store = _open_history()
    if isinstance(store, int):
        return store
    with store:
        return history_command(
            store, out, as_json=args.json, export_csv=args.export == "csv", limit=args.limit
        )


def cmd_stats(args: argparse.Namespace, out: TextIO) -> int:
    from datetime import date

    from backtimer.config import weekly_target
    from backtimer.history.report import stats_command

    target, name = weekly_target(), None
    if args.routine is not None:
        loaded = _load(args.routine)
        if isinstance(loaded, int):
            return loaded
        name = loaded[1].name
        if loaded[1].per_week is not None:
            target = int(loaded[1].per_week.low)  # the fewest the routine asks for
    store = _open_history()
    if isinstance(store, int):
        return store
    with store:
        return stats_command(
            store, out, as_json=args.json, today=date.today(), weekly_target=target, routine=name
        )


def cmd_remind(args: argparse.Namespace, out: TextIO) -> int:
    from backtimer.remind.command import remind_command

    return remind_command(args, out)
