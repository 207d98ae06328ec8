"""The real side effects a run is built from (sounds, the history, --level), shared by
the full-screen app and --plain; no Textual. Tests hand in fakes instead."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from threading import Lock, Thread
from typing import TYPE_CHECKING

from backtimer import paths
from backtimer.engine.plan import Plan
from backtimer.routine.model import Routine
from backtimer.run.hooks import Prepared
from backtimer.run.options import RunOptions
from backtimer.sound.player import CuePlayer

if TYPE_CHECKING:
    from backtimer.config import VoiceConfig
    from backtimer.history import HistoryStore
    from backtimer.history.overview import Overview
    from backtimer.history.writer import HistoryWriter
    from backtimer.run.conductor import CueChooser
    from backtimer.run.late_writer import LateWriter
    from backtimer.run.recorder import HistoryRecorder, Today
    from backtimer.sound.voice.speech import Speech

Notify = Callable[[str], None]

OPEN_ON_THREAD = 512 * 1024
"""A history database this large (bytes) opens on its own thread: its check takes ~3.5 ms."""

SUMMARY_WAIT = 1.0
"""Seconds the summary waits for the history's writer before reading what it wrote."""


def open_cues(
    choice: str, notify: Notify, ring: Callable[[], None] | None = None
) -> tuple[CuePlayer, CueChooser]:
    """The sound seam: the player for `--sound`, and the cue map (one cue per instant).
    The config file's notes are told here (once: the voice and the summary read it too)."""
    from backtimer.config import read_config
    from backtimer.sound.cuemap import CuePicker
    from backtimer.sound.factory import open_player

    config = read_config(notify)
    return open_player(choice, notify=notify, ring=ring, config=config), CuePicker()


def open_speech(choice: str, notify: Notify) -> Speech:
    """The voice seam: a Speech for --voice (not opened yet: call open())."""
    from backtimer.sound.voice.speech import Speech

    def config() -> VoiceConfig:
        from backtimer.config import read_config

        return read_config(notify).voice

    if choice == "off":
        from backtimer.config import VoiceConfig

        return Speech(choice, VoiceConfig(engine="off"), notify)
    return Speech(choice, config, notify, paths.cache_dir() / "voice")


def script_lines(plan: Plan, choice: str) -> list[str]:
    """`show --script`: each phrase with the instant it is said, measured with the voice
    (or estimated from its words when there is none)."""
    from backtimer.present.spoken import spoken_table

    speech = open_speech(choice, lambda m: None)
    speech.open()
    speech.prepare(plan)
    speech.wait(30)
    try:
        render = speech.render if speech.book else None
        return spoken_table(plan, speech.style, render, speech.name)
    finally:
        speech.close()


class History:
    """The history seam for real runs: today's plan and a recorder, per routine.

    A long history's database opens on its own thread, started here (or at begin(),
    when deferred: the picker's rows, or the routine's plan for today (given()), come
    from a child, run/spawned.py, and the app opens the database once its first frame
    is drawn): SQLite's integrity
    check reads the whole file (about 7 ms a MiB, 28 ms for a year of sessions) without
    holding Python's lock, so it runs beside the import of Textual instead of before it.
    Every use of the store waits for the opening to end, and what it had to say is said
    then, on the caller's thread. A smaller file opens here and now: handing Python's
    lock back and forth with a thread costs more than its check."""

    def __init__(self, options: RunOptions, notify: Notify, *, defer: bool = False) -> None:
        """`defer`: open the database only at begin() or its first use (the app calls
        begin() once its first frame is drawn)."""
        self.options, self.notify = options, notify
        self.problem = "the history database could not be opened"
        """Why there is no store, for the history screen."""
        self._store: HistoryStore | None = None
        self._writer: HistoryWriter | LateWriter | None = None
        self._writer_lock = Lock()
        self._said: list[str] = []
        """What the opening said, told through `notify` once it is joined."""
        self._given: tuple[Routine, Today] | None = None
        """Today's plan of a routine, built by a child that had the database open (see
        given()); used by the first prepare() of that routine."""

        def failed(err: Exception) -> None:
            self.problem = str(err)

        def opening() -> None:
            from backtimer.run.recorder import open_store, open_writer

            try:
                self._store = open_store(self._said.append, failed)
            except Exception as err:  # a bug must not leave a traceback on the screen
                self._said.append(f"History is off for this session: {err}")
                failed(err)
            with self._writer_lock:  # given() may have started it already
                if self._writer is None:
                    self._writer = open_writer(self._store, notify)

        self._lock = Lock()
        self._opening: Thread | None = None
        self._unopened: Callable[[], None] | None = opening
        if not defer:
            self.begin()

    def begin(self) -> None:
        """Open the database now (a long one on its own thread); once. given()'s writer
        starts now too, with the writes it held."""
        from backtimer.run.late_writer import LateWriter

        if isinstance(late := self._writer, LateWriter):
            late.start()
        with self._lock:
            opening, self._unopened = self._unopened, None
            if opening is None:
                return
            if _checks_long(paths.history_file()):
                self._opening = Thread(target=opening, name="history-open", daemon=True)
                self._opening.start()
                return
            opening()
            self._tell()

    def _opened(self) -> None:
        """Wait for the opening (once; started now if it was deferred), then say what
        it said."""
        self.begin()
        with self._lock:
            if self._opening is None:
                return
            self._opening.join()
            self._opening = None
            self._tell()

    def _tell(self) -> None:
        said, self._said = self._said, []
        for message in said:
            self.notify(message)

    @property
    def store(self) -> HistoryStore | None:
        self._opened()
        return self._store

    @property
    def writer(self) -> HistoryWriter | LateWriter | None:
        """Writes each run's history on its own thread, off the timer's path (None:
        history is off)."""
        self._opened()
        return self._writer

    def given(self, routine: Routine, today: Today, said: Sequence[str]) -> None:
        """Today's plan of `routine`, built by a child that opened the database and
        read it (run/run_prefetch.py): the first prepare() of that routine uses it, so
        the database opens here only at begin(), once the first frame is drawn. The
        session's first writes come before that frame: a LateWriter holds them, and
        begin() (or close()) starts the writer, its own connection on its own thread."""
        from backtimer.run.late_writer import LateWriter

        self._given = (routine, today)
        for message in said:
            self.notify(message)
        with self._writer_lock:
            if self._writer is None:
                self._writer = LateWriter(paths.history_file(), self.notify)

    def plan(self, routine: Routine) -> Plan:
        """Today's plan of `routine` (its targets so far): the picker's totals, as `show`'s."""
        from backtimer.run.recorder import plan_today

        return plan_today(routine, self.store, self.options.level).plan

    def prepare(self, routine: Routine) -> Prepared:
        from backtimer.run.recorder import HistoryRecorder, plan_today

        given, self._given = self._given, None
        if given is not None and given[0] is routine:
            today, writer = given[1], self._writer
        else:
            today = plan_today(routine, self.store, self.options.level, self.options.resume)
            writer = self.writer
        if today.resume_id is not None:  # a get-ready before the work it continues
            from backtimer.engine.resume import lead_in

            plan, start = lead_in(today.plan, today.start_index)
            today = today._replace(plan=plan, start_index=start)
        speed = self.options.speed
        recorder = HistoryRecorder(writer, routine, today, datetime.now, speed)
        return Prepared(
            today.plan,
            recorder,
            today.start_index,
            tuple(today.notes),
            summary=lambda: self.added(recorder, routine, today.plan),
            rate=recorder.rate,
            raised=today.progression.raised,
            held=today.progression.held,
        )

    def overview(self, today: date) -> Overview:
        """Recent sessions and stats for the history screen; HistoryError when unreadable."""
        from backtimer.config import weekly_target
        from backtimer.history import HistoryError
        from backtimer.history.overview import overview

        if self.store is None:
            raise HistoryError(self.problem)
        return overview(self.store, today, weekly_target(self.notify))

    def added(self, recorder: HistoryRecorder, routine: Routine, plan: Plan) -> list[str]:
        """What this session added, for the summary screen (nothing when history is off)."""
        from backtimer.config import weekly_target
        from backtimer.history import HistoryError
        from backtimer.history.report import week_line
        from backtimer.history.summary import added

        # The summary reads what the writer wrote: wait for it, briefly (a database
        # locked by another process must not freeze the summary screen).
        recorder.settle(SUMMARY_WAIT)
        if self.store is None or recorder.session_id is None:
            return []
        try:
            today = recorder.wall().date()  # the recorder's clock, which dates the session
            a = added(self.store, recorder.session_id, routine, today, weekly_target(self.notify))
        except (HistoryError, KeyError):
            return []
        lines = [week_line(a.week_sessions, a.weekly_target, a.streak)]
        lines += held_lines(a.max_holds)
        if a.practice is not None:
            return [
                f"A practice run (×{a.practice:g}): not counted toward the weekly target, "
                "the streak or the targets.",
                *lines,
            ]
        units = {s.target_key: s.work.kind for s in plan.steps if s.work is not None}
        for key, (now, later) in a.raised.items():
            kind = units.get(key)  # None: a range of sets, which counts itself
            unit = " reps" if kind in ("reps", "breaths") else " s" if kind else ""
            lines.append(f"Next time: {key} {now:g}{unit} → {later:g}{unit}")
        if a.held:
            lines.append(a.held)
        return lines

    def close(self) -> None:
        """At the end of the process: the writes not in the database after a short wait
        are kept in a journal file for the next start (see history/writer.py)."""
        # Never opened (the app ended before its first frame): only given()'s writer
        # may hold writes; the database is not opened now just to close it.
        unopened = self._unopened is not None
        writer = self._writer if unopened else self.writer
        if writer is not None:
            with suppress(Exception):  # closing must never turn a good run into a crash
                writer.close()
        if unopened:
            return
        if self.store is not None:
            with suppress(Exception):
                self.store.close()


def held_lines(holds: Sequence[tuple[str, float, float | None]]) -> list[str]:
    """Each max hold of the session: "Plank: held 1:12, a new best (was 1:05)"."""
    from backtimer.present.text import clean, clock_text

    best: dict[str, float] = {}
    out = []
    for key, spent, before in holds:
        was = best.get(key, before)
        text = f"{clean(key)}: held {clock_text(spent)}"
        if was is not None and spent > was:
            text += f", a new best (was {clock_text(was)})"
        elif was is not None:
            text += f" (best {clock_text(was)})"
        best[key] = max(spent, was or 0.0)
        out.append(text)
    return out


def _checks_long(database: Path) -> bool:
    """Whether the integrity check of `database` takes long enough to run on a thread."""
    try:
        return database.stat().st_size >= OPEN_ON_THREAD
    except OSError:
        return False
