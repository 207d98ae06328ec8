"""Announcer: every tone and phrase of a session, placed ahead at its exact instant.

The engine knows every instant of a step in advance, so sounds need not wait for the
timer to wake: after each change the Announcer lays out what is due until the end of
the step after this one (see cues/timeline.py) and queues it on a player that
schedules (miniaudio). Pause, skip, back, +/- 10 s and mute cancel what is queued and
lay it out again. A player that cannot schedule (the bell, or a device still
opening) gets each tone when its event is handled, as before, and no speech. No UI.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from typing import Protocol

from backtimer.engine.event import Event
from backtimer.engine.plan import Plan, Step
from backtimer.engine.session import Session
from backtimer.sound.cuemap import CuePicker
from backtimer.sound.player import CuePlayer, can_schedule, cancel, schedule, tone_seconds
from backtimer.sound.script import EventKey, Line, Script, event_key
from backtimer.sound.timeline import Placed, Tone, arrange
from backtimer.sound.voice.style import VoiceStyle

CueChooser = Callable[[Event, Step], str | None]


class PhraseLog(Protocol):
    """Where each phrase's instants go (run/event_log.py's EventLog writes --events)."""

    def phrase(self, text: str, due: float, scheduled: float, placed: float) -> None: ...


class Phrases(Protocol):
    """Rendered speech (cues/voice/speech.Speech): text -> samples."""

    @property
    def style(self) -> VoiceStyle:
        """What the [voice] settings ask to be said (known once the config is read)."""

    @property
    def ready(self) -> bool:
        """Open, or known to be unavailable: nothing more to wait for."""

    def render(self, text: str) -> array[int]: ...


class Clock(Protocol):
    speed: float

    def real(self, instant: float) -> float: ...


class Announcer:
    def __init__(
        self,
        plan: Plan,
        player: CuePlayer,
        cue_for: CueChooser,
        clock: Clock,
        *,
        phrases: Phrases | None = None,
        rate: int = 44100,
        style: VoiceStyle | None = None,
        log: PhraseLog | None = None,
    ) -> None:
        self.plan, self.player, self.cue_for, self.clock = plan, player, cue_for, clock
        self.phrases, self.rate, self.log = phrases, rate, log
        self.script = Script(plan, style)
        self._styled = style is not None
        """A style handed in; else the voice's own, once its config has been read."""
        self.tone_seconds = tone_seconds(player)
        self.spoken: list[str] = []
        """The phrases of the events last handled, for --plain (also without a voice)."""
        self._done: dict[EventKey, float | None] = {}
        """Events whose tone is queued (its instant) or said instead (None)."""
        self._said: set[EventKey] = set()
        """Events whose lines were laid out (said, or left out for want of room)."""
        self._behind: list[Event] = []
        """Events handled while the voice was still opening: said late if still useful."""
        self._taken: list[tuple[float, float]] = []
        self._muted = False
        self._refused = False
        """The player could not take sounds ahead yet (its device is opening)."""
        self._laid: tuple[object, ...] | None = None
        """The session's state when sounds were last laid out (None: lay out again)."""

    @property
    def waiting(self) -> bool:
        """The voice or the device is still opening: lay out again soon."""
        opening = self.phrases is not None and not self.phrases.ready
        # Refused by a player that can never place sounds ahead (the bell, --sound off):
        # nothing to wait for; asking again 20 times a second cost more than the screen.
        return opening or (self._refused and can_schedule(self.player))

    def sound(
        self,
        due: Sequence[Event],
        session: Session,
        now: float,
        *,
        interrupted: bool = False,
        muted: bool = False,
        extra: Sequence[Line] = (),
    ) -> list[tuple[str | None, float | None]]:
        """The cue and its start instant for each due event; queues what is ahead."""
        if not self._styled and self.phrases is not None:
            self.script.style = self.phrases.style
        if interrupted or muted != self._muted:
            self._forget()
        self._muted = muted
        total = session.active_seconds(now) + (0.0 if session.over else _left(session, now))
        self.spoken = [ln.text for e in due for ln in self.script.lines(e, total)]
        self.spoken += [ln.text for ln in extra]
        fresh = [e for e in due if event_key(e) not in self._done]
        state = (session.index, session.deadline, session.paused, session.over)
        waiting = self.phrases is not None and not self.phrases.ready
        if waiting:
            self._behind += fresh
            self._laid = None
        elif (
            not muted
            and can_schedule(self.player)
            and (fresh or extra or self._behind or state != self._laid)
        ):
            behind, self._behind = self._behind, []
            # All of the due events: the one-cue-per-instant choice must see those whose
            # tone was queued before, or a second tone would sound on the same instant.
            laid = self._ahead(list(due), session, now, extra, behind)
            if not laid:  # the device is still opening: their lines are said late, if at all
                self._behind = [*behind, *fresh]
            self._laid, self._refused = (state if laid else None), not laid
        out: list[tuple[str | None, float | None]] = []
        for event in due:
            cue = self.cue_for(event, self.plan.steps[event.step])
            key = event_key(event)
            if key in self._done:
                placed = self._done.pop(key)
                out.append((cue if placed is not None else None, placed))  # None: said
            else:
                started = self.player.play(cue) if cue and not muted else None
                if cue and started is not None:  # later phrases must not cover it
                    self._taken.append((now, now + self.tone_seconds(cue) * self.clock.speed))
                out.append((cue, started))
        return out

    def _ahead(
        self,
        due: list[Event],
        session: Session,
        now: float,
        extra: Sequence[Line],
        behind: Sequence[Event] = (),
    ) -> bool:
        """Lay out and queue what is due and ahead (and the lines of events that went
        by while the voice opened); False when the player cannot take sounds yet."""
        events = due + session.lookahead(now)
        if not events and not extra and not behind:
            return True
        total = session.active_seconds(now) + _left(session, now)
        pick = CuePicker(self.cue_for.cue_map) if isinstance(self.cue_for, CuePicker) else None
        tones, lines = [], list(extra)
        for event in events:
            key = event_key(event)
            cue = (pick or self.cue_for)(event, self.plan.steps[event.step])
            if cue and key not in self._done:
                tones.append(Tone(key, cue, event.at))
        if self.phrases is not None:
            for event in [*behind, *events]:
                if event_key(event) not in self._said:
                    lines += _from(now, self.script.lines(event, total))
        self._taken = [(a, b) for a, b in self._taken if b > now]
        speed = self.clock.speed
        placed = arrange(tones, lines, self.tone_seconds, self._seconds, speed, self._taken)
        for item in placed:
            if not self._queue(item):
                return False  # not open yet: what is due plays when handled
        for tone in tones:  # left out for want of room: not to be played when due either
            self._done.setdefault(tone.key, None)
        self._said.update(line.key for line in lines)
        return True

    def _queue(self, item: Placed) -> bool:
        samples = self.phrases.render(item.text) if item.text and self.phrases else None
        real = self.clock.real(item.at)
        placed = schedule(self.player, item.cue or "voice", samples, real)
        if placed is None:
            return False
        length = len(samples) / self.rate if samples is not None else self.tone_seconds(item.cue)
        self._taken.append((item.at, item.at + length * self.clock.speed))
        if item.text:
            if self.log is not None:
                self.log.phrase(item.text, self.clock.real(item.due), real, placed)
        else:
            self._done[item.key] = placed
        return True

    def _seconds(self, text: str) -> float | None:
        if self.phrases is None:
            return None
        samples = self.phrases.render(text)
        return len(samples) / self.rate if samples else None

    def _forget(self) -> None:
        self._laid = None
        self._behind.clear()  # what a pause, skip or back left behind is not said late
        cancel(self.player)
        self._done.clear()
        self._said.clear()
        self._taken.clear()


def _from(now: float, lines: list[Line]) -> list[Line]:
    """Lines as they can still be said at `now`: an announcement due earlier is said
    now (its step's end still bounds it); a count or a breath that has passed is not."""
    out = []
    for line in lines:
        if line.at >= now:
            out.append(line)
        elif line.slack is None:
            out.append(line._replace(at=now))
    return out


def _left(session: Session, now: float) -> float:
    deadline = session.deadline
    return 0.0 if deadline is None else max(0.0, deadline - now)
