"""PlainSession: the lines --plain prints for one session (a line per transition, a
countdown rewritten in place) and the keys it reads; no Textual."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from backtimer.engine.event import Event
from backtimer.present.text import clock_text
from backtimer.present.view import describe, heading, max_words
from backtimer.run.conductor import Conductor

Wait = Callable[[float | None], str | None]
"""Wait up to N real seconds (None: until input) for a typed line; None when time is up,
"" when input has ended (after waiting the time asked): no key will ever come."""
KEYS = "Enter: rep or step done · p pause · n skip · b back · + / - 10 s · m mute · q quit"


class PlainSession:
    def __init__(
        self, conductor: Conductor, out: TextIO, wait: Wait, live: bool, spoken: bool = False
    ) -> None:
        self.conductor, self.out, self.wait, self.live = conductor, out, wait, live
        self.spoken = spoken
        """Print each phrase the voice says as a line of its own ("» Halfway.")."""
        self._shown = ""
        self._cue = ""
        self._caution = ""

    def run(self) -> None:
        c = self.conductor
        self.say(f"{c.plan.name} · {clock_text(c.plan.total_seconds)} · {KEYS}")
        self._report(c.start())
        while not (c.live.finished or c.stopped):
            at = c.next_wake()
            self._countdown()
            clock = c.clock
            seconds = None if at is None else max(0.0, clock.real(at) - clock.real(clock.now()))
            line = self.wait(seconds)
            if line == "":
                self._report(self._hands_free(at))
            else:
                self._report(c.tick(at) if line is None else self._command(line.strip()))

    def _hands_free(self, at: float | None) -> list[Event]:
        """Input has ended, so nobody can press a key: a pause (a stall) resumes once said,
        a self-paced step moves on (a rep a second), the rest runs on time."""
        c = self.conductor
        if c.live.paused:
            events = c.resume()
            if not c.live.paused:
                self.say("resumed (no input to wait for)")
            return events
        if c.live.step.self_paced:
            return c.enter()
        return c.tick(at)

    def _command(self, line: str) -> list[Event]:
        c = self.conductor
        actions: dict[str, Callable[[], list[Event]]] = {
            "": c.enter,
            "p": c.toggle_pause,
            "n": c.skip,
            "b": c.back,
            "+": lambda: c.adjust(10),
            "-": lambda: c.adjust(-10),
        }
        if line == "q":
            c.stop()
        elif line == "m":
            c.muted = not c.muted
            self.say("muted" if c.muted else "sound on")
        elif line in actions:
            events = actions[line]()
            if line == "p":
                self.say("PAUSED (p to resume)" if c.live.paused else "resumed")
            return events
        return []

    def _report(self, events: list[Event]) -> None:
        session = self.conductor.live
        for event in events:
            if event.type == "step_started" and not session.finished:
                self.say(self._transition())
        stall = self.conductor.take_stall()
        if stall is not None:
            self.say(f"PAUSED: {stall.text} (p to resume)")
        spoken, self.conductor.announcer.spoken = self.conductor.announcer.spoken, []
        if self.spoken and not getattr(self.conductor.announcer.phrases, "off", False):
            for text in spoken:  # each once: an input that changed nothing says nothing
                self.say(f"» {text}")

    def _transition(self) -> str:
        c = self.conductor
        session, step = c.live, c.live.step
        h = heading(session)
        parts = [h.name, h.side.lower(), h.set_text]
        if step.kind == "work" and step.work is not None and step.work.kind == "reps":
            parts.append(f"{step.reps} reps" + (", press Enter after each" * step.self_paced))
        elif step.open_ended:
            best = f", best {clock_text(step.best)}" if step.best is not None else ""
            parts.append(f"{max_words(step)}{best}, press Enter when you stop")
        elif session.duration is not None:
            parts.append(clock_text(session.duration))
        line = f"{clock_text(session.active_seconds(c.now))}  {h.word:<9}  "
        line += " · ".join(p for p in parts if p)
        view = describe(session, c.now)
        cue = view.cue
        if cue and cue != self._cue:
            line += f" — {cue}"
        self._cue = cue or self._cue
        if view.caution and view.caution != self._caution:  # once per exercise
            line += f"\n  Caution: {view.caution}"
        self._caution = view.caution
        return line

    def _countdown(self) -> None:
        if not self.live:
            return
        view = describe(self.conductor.live, self.conductor.now)
        big = view.big
        text = big.countdown or (f"rep {big.reps[0]} / {big.reps[1]}" if big.reps else "")
        if view.breathing is not None:
            text += f"  {view.breathing.phase}"
        if text != self._shown:
            self.out.write("\r" + text.ljust(len(self._shown)))
            self.out.flush()
            self._shown = text

    def say(self, line: str) -> None:
        if self._shown:
            self.out.write("\r" + " " * len(self._shown) + "\r")
            self._shown = ""
        self.out.write(line + "\n")
        self.out.flush()
