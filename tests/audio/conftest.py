"""Fixtures for tests that hear the cues through a real PulseAudio null sink.

`pulse_server` is one server for the session, recorded all along; `pulse` is the
same with this process's environment pointing at it. Helpers: pulse_server.py
(the server, the recorder, listen()) and pcm.py (onsets, identifying cues).

Set BACKTIMER_AUDIO_REQUIRED=1 (CI does) to fail instead of skipping when the
audio stack cannot start.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import pcm  # noqa: E402
from pulse_server import DELAYS, RATE, SINK, SOUNDS, PulseServer, start_server, unavailable  # noqa: E402


@pytest.fixture(scope="session")
def pulse_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    server = start_server(tmp_path_factory.mktemp("pulse"))
    server.known = pcm.templates(SOUNDS)
    server.record()  # from the start, so the sink keeps a 5 ms latency all along
    deadline = time.monotonic() + 5
    while server.mark() < RATE // 10:
        if time.monotonic() > deadline:
            server.stop()
            unavailable(f"parec recorded nothing from {SINK}.monitor")
        time.sleep(0.05)
    yield server
    server.stop()


@pytest.fixture
def pulse(pulse_server: PulseServer, monkeypatch: pytest.MonkeyPatch) -> PulseServer:
    """The server, with this process's environment pointing at it (HOME for ALSA's
    ~/.asoundrc, PULSE_SERVER for libpulse), so backends opened in the test use it."""
    pulse_server.use(monkeypatch)
    return pulse_server


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not DELAYS:
        return
    terminalreporter.section("cue onset delays (target 50 ms)")
    for label, delays in DELAYS.items():
        ms = [d * 1000 for d in delays]
        terminalreporter.write_line(
            f"{label:44} n={len(ms):2}  median {statistics.median(ms):5.1f} ms"
            f"  max {max(ms):5.1f} ms  min {min(ms):5.1f} ms"
        )
