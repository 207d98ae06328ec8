"""The real speech engines: each renders a cue sentence to plausible, non-silent speech.

A missing engine skips with the reason, unless BACKTIMER_VOICE_REQUIRED=1 (CI sets
it): then it fails. say and SAPI run only on their own platforms.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
import threading
from array import array
from collections.abc import Callable

import pytest

from backtimer.sound.voice.engine import Voice, VoiceUnavailable, open_voice
from backtimer.sound.voice.system import EspeakSystemVoice, SapiVoice, SayVoice

pytestmark = pytest.mark.voice

SENTENCE = "Side plank, left side. Thirty seconds."


def unavailable(reason: str) -> None:
    if os.environ.get("BACKTIMER_VOICE_REQUIRED") == "1":
        pytest.fail(f"BACKTIMER_VOICE_REQUIRED=1 but {reason}")
    pytest.skip(reason)


def library_voice() -> Voice:
    try:
        return open_voice("espeak")
    except VoiceUnavailable as err:
        unavailable(str(err))
        raise


def system_espeak() -> Voice:
    exe = shutil.which("espeak-ng")
    if exe is None:
        unavailable("no espeak-ng on PATH (apt install espeak-ng)")
        raise AssertionError
    return EspeakSystemVoice(exe, "en", 165)


def assert_speech(samples: array[int], rate: int) -> None:
    seconds = len(samples) / rate
    assert 1.0 <= seconds <= 6.0, f"{seconds:.2f} s of audio"
    rms = math.sqrt(sum(x * x for x in samples) / len(samples))
    assert max(samples) > 3000 and -min(samples) > 3000, "too quiet to be speech"
    assert rms > 500, f"RMS {rms:.0f}: mostly silence"
    loud = sum(1 for i in range(0, len(samples) - 441, 441) if max(samples[i : i + 441]) > 1000)
    assert loud >= 0.3 * len(samples) / 441, "speech is sound most of the time"


@pytest.mark.parametrize("make", [library_voice, system_espeak], ids=["library", "system"])
def test_espeak_renders_a_cue_sentence(make: Callable[[], Voice]) -> None:
    voice = make()
    samples = voice.render(SENTENCE)
    assert voice.rate == 22050
    assert_speech(samples, voice.rate)
    assert voice.render("  \u200b\n") == array("h")


@pytest.mark.parametrize("make", [library_voice, system_espeak], ids=["library", "system"])
def test_different_texts_render_differently(make: Callable[[], Voice]) -> None:
    voice = make()
    rest, plank = voice.render("Rest. Breathe."), voice.render(SENTENCE)
    assert rest and plank
    assert abs(len(rest) - len(plank)) > voice.rate // 4
    again = voice.render(SENTENCE)  # the library's wavegen jitters: not bit-identical
    assert abs(len(again) - len(plank)) < voice.rate // 20


def test_library_and_system_espeak_agree_on_length() -> None:
    lib, system = library_voice(), system_espeak()
    a, b = len(lib.render(SENTENCE)) / lib.rate, len(system.render(SENTENCE)) / system.rate
    assert abs(a - b) < 0.5 * max(a, b)


def test_auto_picks_a_voice_that_speaks() -> None:
    library_voice()
    voice = open_voice("auto")
    assert voice.name == "espeak-ng"
    assert voice.key == "espeak-lib|en|165"
    assert_speech(voice.render(SENTENCE), voice.rate)


def test_the_library_refuses_an_unknown_language() -> None:
    library_voice()
    with pytest.raises(VoiceUnavailable, match="no voice 'xx-nowhere'"):
        open_voice("espeak", language="xx-nowhere")


def test_library_voices_share_the_library_safely_across_threads() -> None:
    library_voice()
    slow, fast = open_voice("espeak", wpm=120), open_voice("espeak", wpm=300)
    assert (slow.key, fast.key) == ("espeak-lib|en|120", "espeak-lib|en|300")
    lengths: dict[str, list[int]] = {"slow": [], "fast": []}

    def work(name: str, voice: Voice) -> None:
        for _ in range(5):
            lengths[name].append(len(voice.render(SENTENCE)))

    threads = [
        threading.Thread(target=work, args=item) for item in (("slow", slow), ("fast", fast))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert min(lengths["slow"]) > 1.8 * max(lengths["fast"])  # each kept its own rate
    assert len(lengths["slow"]) == len(lengths["fast"]) == 5


@pytest.mark.skipif(sys.platform != "darwin", reason="say is macOS only")
def test_say_renders_a_cue_sentence() -> None:
    exe = shutil.which("say")
    if exe is None:
        unavailable("no say on PATH")
        return
    voice = SayVoice(exe, "en", 165)
    assert_speech(voice.render(SENTENCE), voice.rate)


@pytest.mark.skipif(sys.platform != "win32", reason="SAPI is Windows only")
def test_sapi_renders_a_cue_sentence() -> None:
    exe = shutil.which("powershell")
    if exe is None:
        unavailable("no powershell on PATH")
        return
    voice = SapiVoice(exe, "en", 165)
    assert_speech(voice.render(SENTENCE), voice.rate)
