"""Drives one Session from a clock and hands its events to the cue player, the history
recorder and the --events log. Shared by the full-screen app and --plain; no Textual."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from backtimer.engine.event import Event
from backtimer.engine.plan import Plan, Step
from backtimer.engine.schedule import step_schedule
from backtimer.engine.session import Session
from backtimer.present.text import countdown_seconds
from backtimer.run.hooks import SessionRecorder
from backtimer.sound.announcer import Announcer, Phrases
from backtimer.sound.player import CuePlayer
from backtimer.sound.script import Line, stall_text
from backtimer.sound.voice.style import VoiceStyle

if TYPE_CHECKING:
    from backtimer.run.event_log import EventLog  # only with --events, opened by launch

EARLY = 0.004
"""Real seconds: a wake-up this close before its instant counts as on time, because
timers may fire a little early and a countdown must not show a second twice."""

OPENING_POLL = 0.05
"""Real seconds between wake-ups while the voice or the sound device is opening."""

CueChooser = Callable[[Event, Step], str | None]


class SessionClock(Protocol):
    speed: float
    stall_after: float | None
    """Real seconds without a wake-up, while the session runs, that count as a stall."""

    def now(self) -> float: ...

    def real(self, instant: float) -> float: ...

    def asleep(self) -> float:
        """Real seconds the machine has been suspended (that now() did not count)."""


class Stall(NamedTuple):
    """The process did not run for a while (stopped, frozen, or the machine asleep)."""

    at: float
    """The session-clock instant it was last seen running: the session paused there."""
    seconds: float
    """Real seconds it did not run."""
    asleep: bool
    """The machine was suspended (rather than the process stopped or frozen)."""

    @property
    def text(self) -> str:
        """'the timer was stopped for 30 seconds', for the screen and --plain."""
        what = "the computer was asleep" if self.asleep else "the timer was stopped"
        return f"{what} for {seconds_text(self.seconds)}"


def no_cues(event: Event, step: Step) -> str | None:
    return None


def seconds_text(seconds: float) -> str:
    """'30 seconds', '1 minute 5 seconds', '2 hours 3 minutes' (whole seconds)."""
    total = max(0, round(seconds))
    parts = [(total // 3600, "hour"), (total % 3600 // 60, "minute"), (total % 60, "second")]
    shown = [f"{n} {unit}{'s' * (n != 1)}" for n, unit in parts if n][:2]
    return " ".join(shown) or "0 seconds"


class Conductor:
    """One session on one clock; every input and wake-up goes through here."""

    def __init__(
        self,
        plan: Plan,
        clock: SessionClock,
        player: CuePlayer,
        recorder: SessionRecorder,
        cue_for: CueChooser = no_cues,
        log: EventLog | None = None,
        start_index: int = 0,
        phrases: Phrases | None = None,
        style: VoiceStyle | None = None,
    ) -> None:
        self.plan, self.clock, self.player = plan, clock, player
        self.recorder, self.cue_for, self.log = recorder, cue_for, log
        self.announcer = Announcer(
            plan, player, cue_for, clock, phrases=phrases, style=style, log=log
        )
        """Places the tones (and the voice's phrases) of what is due and ahead."""
        self.session: Session | None = None
        self.now = clock.now()
        """The instant the session was last driven to; never goes backwards."""
        self.muted = False
        self.stopped = False
        self.start_index = start_index
        self.stall: Stall | None = None
        """The last stall, until the front end has said so (take_stall)."""
        self._seen: tuple[float, float] | None = None
        """(clock, asleep) when the clock was last read: a stall is a long gap since."""
        self._offsets: tuple[tuple[int, float | None], list[float]] = ((-1, None), [])

    @property
    def live(self) -> Session:
        assert self.session is not None, "start() first"
        return self.session

    def start(self) -> list[Event]:
        self.now = self.clock.now()
        self._seen = (self.now, self.clock.asleep())
        self.session = Session(self.plan, self.now, self.start_index)
        self.recorder.on_start(self.plan)
        return self._handle(self.session.advance(self.now))

    def tick(self, target: float | None = None) -> list[Event]:
        """Drive the session to now; a wake-up just short of `target` counts as `target`."""
        if (paused := self._stalled()) is not None:
            return paused
        now = self.now
        if target is not None and 0 < target - now <= EARLY * self.clock.speed:
            now = self.now = target
        return self._handle(self.live.advance(now))

    def toggle_pause(self) -> list[Event]:
        if (paused := self._stalled()) is not None:
            return paused
        events = self.live.toggle_pause(self.now)
        return self._handle(events, interrupted=True, say=self._pause_word())

    def pause(self) -> list[Event]:
        if (paused := self._stalled()) is not None:
            return paused
        events = self.live.pause(self.now)
        return self._handle(events, interrupted=True, say=self._pause_word())

    def resume(self) -> list[Event]:
        if (paused := self._stalled()) is not None:
            return paused
        events = self.live.resume(self.now)
        return self._handle(events, interrupted=True, say=self._pause_word())

    def _pause_word(self) -> str:
        return "Paused." if self.live.paused else "Resuming."

    def skip(self) -> list[Event]:
        if (paused := self._stalled()) is not None:
            return paused
        return self._handle(self.live.skip(self.now), interrupted=True)

    def back(self) -> list[Event]:
        if (paused := self._stalled()) is not None:
            return paused
        return self._handle(self.live.back(self.now), interrupted=True)

    def adjust(self, seconds: float) -> list[Event]:
        if (paused := self._stalled()) is not None:
            return paused
        return self._handle(self.live.adjust(self.now, seconds), interrupted=True)

    def enter(self) -> list[Event]:
        """Enter: one rep done on a self-paced rep step, otherwise this step is done."""
        if (paused := self._stalled()) is not None:
            return paused
        session, now = self.live, self.now
        if session.step.self_paced and session.step.reps:
            return self._handle(session.rep_done(now), interrupted=True)
        return self._handle(session.step_done(now), interrupted=True)

    def stop(self) -> None:
        """The user quit: the running step is recorded as stopped, with the time spent in
        it, and the session closes as stopped. No cue sounds for it."""
        if self.session is not None and not self.session.finished and not self.stopped:
            self._stalled(sound=False)  # reads the clock; a stall's time is not time spent
            self._handle(self.session.stop(self.now), sound=False, interrupted=True)
            self.stopped = True
            self.recorder.on_finish("stopped")

    def next_wake(self, frame: float | None = None) -> float | None:
        """The next instant the display or the sounds need: an event or a new second.

        `frame` (clock seconds) asks for wake-ups that often too, for the breath bar.
        """
        session, now = self.live, self.now
        if session.finished or session.paused or self.stopped:
            return None
        found = [now + frame] if frame else []
        if self.announcer.waiting:  # the voice or the device opens: look again soon
            found.append(now + OPENING_POLL * self.clock.speed)
        if session.step.open_ended:  # a max hold's clock counts up from its own start
            found.append(now + (1.0 - session.elapsed(now) % 1.0))
        deadline, duration = session.deadline, session.duration
        if deadline is None or duration is None:
            spent = session.active_seconds(now)
            return min([*found, now + (1.0 - spent % 1.0)])
        shown = countdown_seconds(deadline - now)
        found += [deadline, deadline - max(0, shown - 1)]
        offsets = self._schedule(session.index, duration)
        start = deadline - duration
        # The first event not yet due, by the session's own test (start + offset > now):
        # a margin here would skip one due a hair after now, and it would sound late.
        i = bisect.bisect_right(offsets, now - start)
        while i < len(offsets) and start + offsets[i] <= now:
            i += 1
        if i < len(offsets):
            found.append(start + offsets[i])
        later = [t for t in found if t > now]
        return min(later) if later else None

    def _schedule(self, index: int, duration: float) -> list[float]:
        key, offsets = self._offsets
        if key != (index, duration):
            step = self.plan.steps[index]
            offsets = [p.offset for p in step_schedule(step, duration)]
            self._offsets = ((index, duration), offsets)
        return offsets

    def take_stall(self) -> Stall | None:
        """The stall not yet shown (once)."""
        stall, self.stall = self.stall, None
        return stall

    def _stalled(self, sound: bool = True) -> list[Event] | None:
        """Read the clock (self.now). When the process did not run for longer than the
        clock's `stall_after` while the session ran (SIGSTOP, Ctrl+Z, a frozen or
        suspended machine), pause it at the last instant it was seen running and say so,
        and return those events; None when there was no stall. A wake-up is at most one
        clock second away, so a longer gap is a stall. What the stall would have skipped
        never happens: no steps done, no backlog of cues."""
        clock, session = self.clock, self.session
        now, asleep = clock.now(), clock.asleep()
        seen, self._seen = self._seen, (now, asleep)
        at, self.now = self.now, max(self.now, now)
        limit = clock.stall_after
        if limit is None or seen is None or session is None:
            return None
        if session.over or session.paused or self.stopped:
            return None
        slept = asleep - seen[1]
        gap = clock.real(now) - clock.real(seen[0]) + slept
        if gap <= limit / min(1.0, clock.speed):
            return None
        self.stall = Stall(at, gap, slept > gap / 2)
        events = session.pause(at)
        if self.log is not None:
            self.log.stall(clock.real(at), clock.real(now), gap, self.stall.asleep)
        said = stall_text(gap, self.stall.asleep)
        return self._handle(events, sound=sound, interrupted=True, say=said if sound else "")

    def _handle(
        self,
        events: list[Event],
        sound: bool = True,
        interrupted: bool = False,
        say: str = "",
    ) -> list[Event]:
        """Sound first, then the log and the history: a history commit (an fsync) must
        not stand between an instant's events and its cue. After a pause, skip, back,
        +/- 10 s or quit (`interrupted`) what was queued ahead is laid out again; `say`
        is spoken at once (pause, resume)."""
        actual = self.clock.real(self.clock.now())
        muted = self.muted or not sound or self.stopped
        extra = [Line(("said", self.now), self.now, say)] if say else []
        sounded = self.announcer.sound(
            events, self.live, self.now, interrupted=interrupted, muted=muted, extra=extra
        )
        for event, (cue, started) in zip(events, sounded, strict=True):
            if self.log is not None:
                self.log.write(event, self.clock.real(event.at), actual, cue, started)
            if event.type == "step_ended" and event.outcome is not None:
                self.recorder.on_step_ended(event.outcome)
            elif event.type == "session_finished":
                self.recorder.on_finish("finished")
        return events
