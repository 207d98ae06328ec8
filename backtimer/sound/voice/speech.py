"""Speech: the voice of one run, opened on a worker thread, every phrase of a routine
rendered ahead there. The first frame never waits for it. No UI.

Until the voice is open, render() gives nothing and the Announcer leaves the phrase
out (the tones still sound); once it is open, a phrase not yet rendered ahead is
rendered when asked for (a few milliseconds in-process).
"""

from __future__ import annotations

import queue
import threading
import time
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.sound.voice.style import VoiceStyle

if TYPE_CHECKING:  # the rest is read on the worker thread, after the first frame
    from backtimer.config import VoiceConfig
    from backtimer.engine.plan import Plan
    from backtimer.sound.voice.engine import Voice
    from backtimer.sound.voice.phrasebook import PhraseBook

Notify = Callable[[str], None]
Opener = Callable[[str, str, int], "Voice"]


def _open(engine: str, language: str, wpm: int) -> Voice:
    from backtimer.sound.voice.engine import open_voice

    return open_voice(engine, language=language, wpm=wpm)


class Speech:
    def __init__(
        self,
        choice: str,
        config: VoiceConfig | Callable[[], VoiceConfig],
        notify: Notify,
        folder: Path | None = None,
        opener: Opener = _open,
    ) -> None:
        """`choice` is --voice; "auto" defers to the config's engine. `config` may be a
        function that reads it: it is then called on the worker thread, so reading
        the config file never stands before the first frame."""
        self.choice, self._notify, self._folder, self._opener = choice, notify, folder, opener
        self._load = config if callable(config) else None
        self.config: VoiceConfig | None = None
        self.engine, self.style = choice, VoiceStyle()
        self.book: PhraseBook | None = None
        self.problem = "voice is off" if choice == "off" else ""
        if not callable(config):
            self._configure(config)
        """Why there is no voice ('' while it opens or once it is open)."""
        self.rendered_in: float | None = None
        """Seconds the last prepare() took to render its routine's phrases (bench)."""
        self._plans: queue.Queue[Plan | None] = queue.Queue()
        self._tried = threading.Event()
        """Set once opening the voice has worked or failed."""
        self._thread = threading.Thread(target=self._run, name="backtimer-voice", daemon=True)

    def _configure(self, config: VoiceConfig) -> None:
        self.config = config
        self.engine = config.engine if self.choice == "auto" else self.choice
        self.style = VoiceStyle(read_cues=config.read_cues, countdown=config.countdown == "voice")
        if self.engine == "off":
            self.problem = "voice is off"

    @property
    def name(self) -> str:
        """The engine speaking ('espeak-ng', ...), 'opening', or 'off'."""
        if self.book is not None:
            return self.book.voice.name
        return "off" if self.problem else "opening"

    @property
    def off(self) -> bool:
        """Turned off (--voice off, or engine = "off" in the config)."""
        return self.problem == "voice is off"

    @property
    def ready(self) -> bool:
        """Open, or known to be unavailable (off, no engine): nothing to wait for."""
        return self.book is not None or bool(self.problem)

    def open(self) -> None:
        """Open the voice on the worker thread (once; nothing when it is off)."""
        if self.engine != "off" and self._thread.ident is None:
            self._thread.start()

    def prepare(self, plan: Plan) -> None:
        """Render every phrase `plan` can say, on the worker thread, in the plan's order."""
        if self.engine != "off" and not self.problem:
            self._plans.put(plan)

    def render(self, text: str) -> array[int]:
        book = self.book
        return book.render(text) if book is not None else array("h")

    def wait(self, timeout: float | None = None) -> bool:
        """Until the voice is open and every plan asked for is rendered (tests, show
        --script); True when the voice is open."""
        if self._thread.ident is None:
            return False
        started = time.monotonic()
        if not self._tried.wait(timeout):
            return False
        if not self.problem:
            left = None if timeout is None else max(0.0, timeout - (time.monotonic() - started))
            self._plans.join() if left is None else _join(self._plans, left)
        return self.book is not None

    def _run(self) -> None:
        from backtimer.config import VoiceConfig
        from backtimer.sound.bank import RATE
        from backtimer.sound.script import Script
        from backtimer.sound.voice.phrasebook import PhraseBook

        if self._load is not None:
            self._configure(self._load())
        c = self.config or VoiceConfig()
        if self.problem:  # the config turned it off
            _drain(self._plans)
            self._tried.set()
            return
        try:
            voice = self._opener(self.engine, c.language, c.rate)
        except Exception as err:  # VoiceUnavailable, or any surprise: the session goes on
            self.problem = str(err) or type(err).__name__
            self._notify(f"Voice: {err}. The session runs on tones.")
            _drain(self._plans)
            self._tried.set()
            return
        self.book = PhraseBook(voice, out_rate=RATE, level=c.volume, folder=self._folder)
        self._tried.set()
        while True:
            plan = self._plans.get()
            try:
                if plan is None:
                    return
                started = time.perf_counter()
                self.book.prerender(Script(plan, self.style).all_texts())
                self.rendered_in = time.perf_counter() - started
            finally:
                self._plans.task_done()

    def close(self) -> None:
        if self._thread.is_alive():
            self._plans.put(None)


def _drain(plans: queue.Queue[Plan | None]) -> None:
    """Mark every plan done so wait() returns: without a voice there is nothing to do."""
    while True:
        try:
            plans.get_nowait()
        except queue.Empty:
            return
        plans.task_done()


def _join(plans: queue.Queue[Plan | None], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with plans.all_tasks_done:
        while plans.unfinished_tasks:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            plans.all_tasks_done.wait(left)
