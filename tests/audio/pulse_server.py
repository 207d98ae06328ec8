"""A PulseAudio null-sink server under a temporary HOME, recorded with parec.

Start it, mark() where a test starts listening, and listen() for what sounded since.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import pcm
import pytest

RATE = 48000
SINK = "backtimer_test"
SOUNDS = Path(__file__).resolve().parents[2] / "sounds"
ASOUNDRC = "pcm.!default { type pulse }\nctl.!default { type pulse }\n"


def unavailable(reason: str) -> None:
    if os.environ.get("BACKTIMER_AUDIO_REQUIRED") == "1":
        pytest.fail(f"audio stack required but unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class PulseServer:
    """One pulseaudio process with a null sink, and parec recording its monitor."""

    root: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    recorder: subprocess.Popen[bytes] | None = None
    data: bytearray = field(default_factory=bytearray)
    chunks: list[tuple[float, int]] = field(default_factory=list)
    """(arrival on time.monotonic(), samples recorded so far) for each read."""
    known: dict[str, pcm.Template] = field(default_factory=dict)

    def client_env(self) -> dict[str, str]:
        """What a client needs to play here: HOME for ALSA's ~/.asoundrc (pcm.!default
        is pulse, for simpleaudio), PULSE_SERVER for libpulse (miniaudio)."""
        return {
            k: self.env[k] for k in ("HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "PULSE_SERVER")
        }

    def use(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point this process at the server."""
        for key, value in self.client_env().items():
            monkeypatch.setenv(key, value)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=10)

    def log(self) -> str:
        return (self.root / "pulseaudio.log").read_text(errors="replace")[-1500:]

    def record(self) -> None:
        cmd = ["parec", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1"]
        cmd += ["--latency-msec=5", "-d", f"{SINK}.monitor"]
        self.recorder = subprocess.Popen(cmd, env=self.env, stdout=subprocess.PIPE, bufsize=0)
        threading.Thread(target=self._read, name="parec-reader", daemon=True).start()

    def _read(self) -> None:
        assert self.recorder is not None and self.recorder.stdout is not None
        while chunk := self.recorder.stdout.read(4096):
            self.data.extend(chunk)
            self.chunks.append((time.monotonic(), len(self.data) // 2))

    def mark(self) -> int:
        """The number of samples recorded so far: where a test's listening starts."""
        return len(self.data) // 2

    def samples(self, since: int) -> array[int]:
        end = len(self.data) // 2 * 2
        return array("h", bytes(self.data[since * 2 : end]))

    def listen(self, since: int) -> list[pcm.Heard]:
        """Every cue heard since `since`, with its onset on time.monotonic()."""
        timeline = pcm.Timeline(RATE)
        for arrived, total in self.chunks:
            if total > since:
                timeline.add(arrived, total - since)
        return pcm.heard(self.samples(since), timeline, self.known)

    def stop(self) -> None:
        for proc in (self.recorder, self.process):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()


def start_server(root: Path, sink: str = SINK) -> PulseServer:
    """pulseaudio under a temporary HOME and XDG_RUNTIME_DIR; skips when it cannot."""
    for tool in ("pulseaudio", "parec", "pactl"):
        if shutil.which(tool) is None:
            unavailable(f"no {tool} binary: run .ci/audio-setup.sh (Debian: pulseaudio-utils)")
    home, runtime = root / "home", root / "run"
    home.mkdir(parents=True)
    runtime.mkdir(mode=0o700)
    (home / ".asoundrc").write_text(ASOUNDRC)
    socket = runtime / "native"
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    env.update(XDG_CONFIG_HOME=str(home / ".config"), PULSE_SERVER=f"unix:{socket}")
    cmd = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--log-target=stderr"]
    cmd += ["-L", f"module-null-sink sink_name={sink} rate={RATE} channels=1"]
    cmd += ["-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1"]
    log = (root / "pulseaudio.log").open("wb")
    server = PulseServer(root, env, subprocess.Popen(cmd, env=env, stdout=log, stderr=log))
    deadline = time.monotonic() + 10
    while server.run("pactl", "info").returncode != 0:
        if server.process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            unavailable(f"pulseaudio did not start:\n{server.log()}")
        time.sleep(0.05)
    return server


DELAYS: dict[str, list[float]] = {}
"""Seconds from play (or the event's instant) to onset, by label, for the summary."""


def report_delays(label: str, delays: list[float]) -> None:
    DELAYS.setdefault(label, []).extend(delays)
