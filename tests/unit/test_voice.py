"""Speech without a speech engine: text cleaning, the pipe-WAV parser, the PhraseBook
(with a fake voice that counts its renders), the picker's errors, and the system-voice
runner driven through a fake espeak-ng program."""

from __future__ import annotations

import json
import os
import random
import stat
import struct
import subprocess
import sys
import threading
from array import array
from pathlib import Path

import pytest

from backtimer.sound.voice import engine
from backtimer.sound.voice.engine import VoiceUnavailable, open_voice
from backtimer.sound.voice.pcm import KEEP_SECONDS, parse_wav, resample
from backtimer.sound.voice.phrasebook import PEAK, PhraseBook
from backtimer.sound.voice.system import EspeakSystemVoice
from backtimer.sound.voice.text import MAX_CHARS, clean_text

RATE = 22050
LEAD = RATE // 2  # half a second of silence before the fake voice speaks


class FakeVoice:
    """Half a second of silence, then a square wave whose period depends on the text."""

    name, key, rate = "fake", "fake|en|165", RATE

    def __init__(self, amplitude: int = 8000) -> None:
        self.calls: list[str] = []
        self.amplitude = amplitude

    def render(self, text: str) -> array[int]:
        self.calls.append(text)
        period = 20 + len(text) % 7
        wave = [self.amplitude if (i // period) % 2 else -self.amplitude for i in range(RATE)]
        return array("h", [0] * LEAD + wave)

    def close(self) -> None:
        pass


def wav_bytes(
    samples: array[int], rate: int = RATE, channels: int = 1, size: int = 0x7FFFFFFF
) -> bytes:
    """A WAV as espeak-ng writes it to a pipe: RIFF and data sizes bogus."""
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * 2 * channels, 2 * channels, 16)
    head = b"RIFF" + struct.pack("<I", size) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt
    return head + b"data" + struct.pack("<I", size) + samples.tobytes()


# clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("left\u202eright", "leftright"),  # RIGHT-TO-LEFT OVERRIDE
        ("\u2066a\u2069 \u2067b\u2068c\u2069", "a bc"),  # isolates
        ("a\u200b\u200c\u200d\u200e\u200fb\u061c\ufeff", "ab"),  # zero-width, marks, BOM
        ("\u202a\u202b\u202cx\u202d", "x"),  # embeddings
        ("one\ntwo\r\nthree\tfour\u2028five\u2029six", "one two three four five six"),
        ("nul\x00here\x07\x7f", "nulhere"),
        ("\x1b[31mred\x1b[0m and \x1b]0;title\x07plain\x1b[2J", "red and plain"),
        ("  lots   of\u00a0 space  ", "lots of space"),
        ("Side plank, left side.", "Side plank, left side."),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_caps_length_and_keeps_letters() -> None:
    assert len(clean_text("word " * 400)) <= MAX_CHARS
    assert clean_text("Ça va, naïve café") == "Ça va, naïve café"
    assert clean_text("lone \ud800 surrogate").encode("utf-8")


# the pipe-WAV parser


def test_parse_wav_counts_bytes_received_not_the_bogus_size() -> None:
    samples = array("h", range(-300, 300, 3))
    rate, got = parse_wav(wav_bytes(samples, rate=22050))
    assert rate == 22050
    assert got == samples


def test_parse_wav_drops_a_partial_sample_and_takes_the_first_channel() -> None:
    assert parse_wav(wav_bytes(array("h", [1, 2, 3])) + b"\x01")[1] == array("h", [1, 2, 3])
    stereo = array("h", [10, -10, 20, -20, 30, -30])
    assert parse_wav(wav_bytes(stereo, channels=2)) == (RATE, array("h", [10, 20, 30]))


@pytest.mark.parametrize("data", [b"", b"not a wav at all", b"RIFF\xff\xff\xff\x7fWAVEdata"])
def test_parse_wav_rejects_garbage(data: bytes) -> None:
    assert parse_wav(data) == (0, array("h"))


# PhraseBook


def test_memory_hit_renders_once_and_get_never_renders() -> None:
    voice = FakeVoice()
    book = PhraseBook(voice)
    assert book.get("Rest.") is None
    assert book.seconds("Rest.") is None
    first = book.render("Rest.")
    assert book.render(" Rest.\n") is first
    assert book.get("Rest.") is first
    assert voice.calls == ["Rest."]
    book.prerender(["Rest.", "Go."])
    assert voice.calls == ["Rest.", "Go."]


def test_the_voice_renders_with_no_lock_held() -> None:
    class Peeking(FakeVoice):
        def render(self, text: str) -> array[int]:
            other = threading.Thread(target=book.get, args=("anything",))
            other.start()
            other.join(timeout=10)
            self.blocked = other.is_alive()
            return super().render(text)

    voice = Peeking()
    book = PhraseBook(voice)
    book.render("Go.")
    assert voice.blocked is False


def test_disk_hit_in_a_new_book_does_not_call_the_voice(tmp_path: Path) -> None:
    first = PhraseBook(FakeVoice(), folder=tmp_path / "voice").render("Side plank.")
    voice = FakeVoice()
    again = PhraseBook(voice, folder=tmp_path / "voice").render("Side plank.")
    assert again == first
    assert voice.calls == []
    assert [p.suffix for p in (tmp_path / "voice").iterdir()] == [".wav"]


def test_cache_depends_on_voice_rate_and_level(tmp_path: Path) -> None:
    PhraseBook(FakeVoice(), folder=tmp_path).render("Go.")
    quieter, faster = FakeVoice(), FakeVoice()
    PhraseBook(quieter, folder=tmp_path, level=0.5).render("Go.")
    PhraseBook(faster, folder=tmp_path, out_rate=48000).render("Go.")
    assert quieter.calls == faster.calls == ["Go."]
    other = FakeVoice()
    other.key = "fake|en|200"
    PhraseBook(other, folder=tmp_path).render("Go.")
    assert other.calls == ["Go."]
    assert len(list(tmp_path.iterdir())) == 4


@pytest.mark.parametrize(
    "foreign",
    [
        b"garbage, not a wave file",
        wav_bytes(array("h", [5] * 100), rate=44100)[:60],  # truncated
        wav_bytes(array("h", [5] * 100), rate=44100, channels=2, size=400),  # stereo
        wav_bytes(array("h", [5] * 100), rate=22050, size=200),  # another rate
    ],
)
def test_a_corrupt_or_foreign_cache_file_is_rendered_again(tmp_path: Path, foreign: bytes) -> None:
    good = PhraseBook(FakeVoice(), folder=tmp_path).render("Go.")
    [cached] = tmp_path.iterdir()
    cached.write_bytes(foreign)
    voice = FakeVoice()
    assert PhraseBook(voice, folder=tmp_path).render("Go.") == good
    assert voice.calls == ["Go."]
    assert PhraseBook(again := FakeVoice(), folder=tmp_path).render("Go.") == good
    assert again.calls == []  # the bad file was replaced


def test_an_unwritable_folder_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    book = PhraseBook(FakeVoice(), folder=blocker / "voice")  # cannot be made a folder
    assert book.render("Go.")
    assert book.get("Go.")
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_a_failed_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    book = PhraseBook(FakeVoice(), folder=tmp_path / "voice")
    assert book.render("Go.")
    assert book.get("Go.")
    assert list((tmp_path / "voice").iterdir()) == []


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores modes"
)
def test_a_read_only_folder_is_not_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "voice"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert PhraseBook(FakeVoice(), folder=folder).render("Go.")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_leading_silence_is_trimmed_to_ten_ms() -> None:
    out = PhraseBook(FakeVoice(), out_rate=RATE).render("Go.")
    keep = round(RATE * KEEP_SECONDS)
    assert len(out) == RATE + keep  # the half second of silence is gone, 10 ms kept
    assert set(out[:keep]) == {0}
    assert out[keep] != 0


def test_resampling_doubles_the_length_22050_to_44100() -> None:
    samples = array("h", [8000, -8000, 4000, 0] * 1000)
    doubled = resample(samples, 22050, 44100)
    assert len(doubled) == 2 * len(samples)
    assert doubled[0::2] == samples
    assert doubled[1:8] == array("h", [0, -8000, -2000, 4000, 2000, 0, 4000])
    out = PhraseBook(FakeVoice(), out_rate=44100).render("Go.")
    assert len(out) == 2 * (RATE + round(RATE * KEEP_SECONDS))


def test_resampling_to_other_rates_keeps_the_duration() -> None:
    samples = array("h", range(0, 22050))
    for target in (16000, 48000, 66150):
        assert abs(len(resample(samples, 22050, target)) - target) <= 1


EDGES = [-32768, -32767, -256, -255, -185, -1, 0, 1, 184, 255, 256, 32766, 32767]


def reference_resample(data: array[int], source: int, target: int) -> list[float]:
    step, last = source / target, len(data) - 1
    out = []
    for i in range(len(data) * target // source):
        j = min(int(i * step), last)
        k = min(j + 1, last)
        out.append(data[j] + (data[k] - data[j]) * (i * step - j))
    return out


@pytest.mark.parametrize("target", [44100, 48000, 16000, 66150, 22051])
def test_resampling_matches_plain_linear_interpolation(target: int) -> None:
    rng = random.Random(target)
    data = array("h", [rng.choice([rng.randint(-32768, 32767), *EDGES]) for _ in range(3000)])
    got, want = resample(data, 22050, target), reference_resample(data, 22050, target)
    assert len(got) == len(want)
    assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 1.5


@pytest.mark.parametrize("level", [1.0, 0.5, 0.1])
def test_peak_matches_level(level: float) -> None:
    out = PhraseBook(FakeVoice(amplitude=3000), level=level).render("Go.")
    assert max(max(out), -min(out)) == pytest.approx(level * PEAK * 32767, abs=1)


def test_empty_text_renders_nothing_without_the_voice() -> None:
    voice = FakeVoice()
    assert len(PhraseBook(voice).render("\u200b \n")) == 0
    assert voice.calls == []


# the picker


def test_off_and_unknown_engines() -> None:
    with pytest.raises(VoiceUnavailable, match="^voice is off$"):
        open_voice("off")
    with pytest.raises(VoiceUnavailable, match="unknown voice engine"):
        open_voice("festival")
    with pytest.raises(VoiceUnavailable, match="not a language"):
        open_voice("system", language="--help")


def test_nothing_found_says_what_was_tried_and_how_to_get_a_voice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "espeakng_loader", None)  # import fails
    monkeypatch.setenv("PATH", "")
    with pytest.raises(VoiceUnavailable) as caught:
        open_voice("auto")
    message = str(caught.value)
    assert "library is not installed" in message
    assert "no espeak-ng or espeak on PATH" in message
    assert 'pip install "backtimer[voice]"' in message
    assert "\n" not in message


def test_importing_the_picker_loads_no_engine() -> None:
    code = (
        "import sys; import backtimer.sound.voice.engine; "
        "print(sorted(m for m in ('ctypes', 'subprocess', 'espeakng_loader') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert engine.ENGINES == ("auto", "espeak", "system", "off")


# the system voice, through a fake espeak-ng

FAKE_ESPEAK = """
import json, os, struct, sys
text = sys.stdin.buffer.read().decode("utf-8")
with open(os.environ["FAKE_ESPEAK_LOG"], "a") as log:
    log.write(json.dumps({"argv": sys.argv[1:], "stdin": text}) + "\\n")
if "fail" in text:
    sys.exit(1)
samples = struct.pack("<%dh" % (100 * len(text)), *([9000, -9000] * 50 * len(text)))
fmt = struct.pack("<HHIIHH", 1, 1, 22050, 44100, 2, 16)
sys.stdout.buffer.write(b"RIFF\\xff\\xff\\xff\\x7fWAVEfmt \\x10\\0\\0\\0" + fmt)
sys.stdout.buffer.write(b"data\\xff\\xff\\xff\\x7f" + samples)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the fake program is a #! script")
def test_system_espeak_gets_text_on_stdin_never_through_a_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = tmp_path / "espeak-ng"
    exe.write_text(f"#!{sys.executable}\n{FAKE_ESPEAK}")
    exe.chmod(0o755)
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("FAKE_ESPEAK_LOG", str(log))
    voice = EspeakSystemVoice(str(exe), "en", 165)
    nasty = "Go; rm -rf / $(touch pwned) `id` -v\u202e\nnow"
    samples = voice.render(nasty)
    assert len(samples) == 100 * len(clean_text(nasty))
    assert voice.render("please fail") == array("h")
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert calls[1] == {
        "argv": ["--stdout", "-v", "en", "-s", "165", "--stdin"],
        "stdin": clean_text(nasty),
    }
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
    assert (voice.name, voice.key, voice.rate) == (
        "espeak-ng (system)",
        "espeak-ng-system|en|165",
        22050,
    )
