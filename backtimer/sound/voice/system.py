"""The system's own speech (espeak-ng/espeak, macOS say, Windows SAPI) rendered to PCM; no UI.

Every engine runs as a child process from an argument list, never through a shell,
and gets the cleaned text on its standard input, never on its command line. A
failure or a timeout renders nothing; it never raises.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from pathlib import Path

from backtimer.sound.voice.engine import Voice, VoiceUnavailable
from backtimer.sound.voice.pcm import parse_wav, resample
from backtimer.sound.voice.text import clean_text

TIMEOUT = 10.0
RATE = 22050
"""What every system voice renders at (resampled to it when the engine differs)."""


def run(args: list[str], stdin: bytes) -> bytes | None:
    """The child's standard output, or None when it could not run, failed or timed out."""
    try:
        done = subprocess.run(
            args,
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _at_rate(rate: int, samples: array[int]) -> array[int]:
    return resample(samples, rate, RATE) if samples and rate != RATE else samples


class EspeakSystemVoice:
    """The espeak-ng (or espeak) program, writing a WAV to a pipe."""

    rate = RATE

    def __init__(self, exe: str, language: str, wpm: int) -> None:
        self.args = [exe, "--stdout", "-v", language, "-s", str(wpm), "--stdin"]
        program = Path(exe).stem
        self.name, self.key = f"{program} (system)", f"{program}-system|{language}|{wpm}"
        if not self.render("ok"):
            raise VoiceUnavailable(f"{program} on PATH cannot speak {language!r}")

    def render(self, text: str) -> array[int]:
        text = clean_text(text)
        out = run(self.args, text.encode("utf-8")) if text else None
        return _at_rate(*parse_wav(out)) if out else array("h")

    def close(self) -> None:
        """Nothing is kept open."""


class SayVoice:
    """macOS `say`, writing a 16-bit 22050 Hz WAV file that is read back."""

    name, rate = "say", RATE

    def __init__(self, exe: str, language: str, wpm: int) -> None:
        listing = run([exe, "-v", "?"], b"")
        if listing is None:
            raise VoiceUnavailable("say cannot list its voices")
        # One voice per line: "Samantha            en_US    # Hello, my name is..."
        pattern = re.compile(rf"^(.+?)\s+{re.escape(language.replace('-', '_'))}\w*\s+#", re.I)
        found = [
            m.group(1)
            for line in listing.decode(errors="replace").splitlines()
            if (m := pattern.match(line))
        ]
        voice = ["-v", found[0]] if found else []
        self.args = [exe, *voice, "-r", str(wpm), "--file-format=WAVE"]
        self.args.append(f"--data-format=LEI16@{RATE}")
        self.key = f"say|{found[0] if found else language}|{wpm}"

    def render(self, text: str) -> array[int]:
        text = clean_text(text)
        if not text:
            return array("h")
        handle, name = tempfile.mkstemp(suffix=".wav")
        os.close(handle)
        try:
            if run([*self.args, "-o", name, "-f", "-"], text.encode("utf-8")) is None:
                return array("h")
            with wave.open(name, "rb") as w:
                if w.getsampwidth() != 2 or w.getnchannels() != 1:
                    return array("h")
                rate, data = w.getframerate(), w.readframes(w.getnframes())
            samples = array("h", data)
            if sys.byteorder == "big":
                samples.byteswap()
            return _at_rate(rate, samples)
        except (OSError, EOFError, wave.Error):
            return array("h")
        finally:
            Path(name).unlink(missing_ok=True)

    def close(self) -> None:
        """Nothing is kept open."""


# Text and language arrive on stdin ("language\nbase64 of the UTF-8 text"), so nothing
# the user wrote is ever part of the script; the WAV goes back as base64 on stdout.
_SAPI_SCRIPT = """
Add-Type -AssemblyName System.Speech
$lang = [Console]::In.ReadLine()
$text = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadLine()))
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
try {
    $hint = [Globalization.CultureInfo]::GetCultureInfo($lang)
    $s.SelectVoiceByHints([System.Speech.Synthesis.VoiceGender]::NotSet, [System.Speech.Synthesis.VoiceAge]::NotSet, 0, $hint)
} catch {}
$s.Rate = RATE_STEPS
$m = New-Object System.IO.MemoryStream
$s.SetOutputToWaveStream($m)
$s.Speak($text)
$s.Dispose()
[Console]::Out.Write([Convert]::ToBase64String($m.ToArray()))
"""


class SapiVoice:
    """Windows SAPI through PowerShell's System.Speech."""

    name, rate = "SAPI", RATE

    def __init__(self, exe: str, language: str, wpm: int) -> None:
        steps = max(-10, min(10, round((wpm - 175) / 15)))  # SAPI's 0 is about 175 wpm
        script = _SAPI_SCRIPT.replace("RATE_STEPS", str(steps))
        encoded = base64.b64encode(script.encode("utf-16-le")).decode("ascii")
        self.args = [exe, "-NoProfile", "-NonInteractive", "-EncodedCommand", encoded]
        self.language, self.key = language, f"sapi|{language}|{wpm}"

    def render(self, text: str) -> array[int]:
        text = clean_text(text)
        if not text:
            return array("h")
        stdin = f"{self.language}\n{base64.b64encode(text.encode('utf-8')).decode()}\n"
        out = run(self.args, stdin.encode("ascii"))
        try:
            wav = base64.b64decode(out.strip(), validate=True) if out else b""
        except ValueError:
            return array("h")
        return _at_rate(*parse_wav(wav))

    def close(self) -> None:
        """Nothing is kept open."""


def open_system_voice(language: str, wpm: int) -> Voice:
    """espeak-ng or espeak on PATH, else say on macOS, else SAPI on Windows."""
    kinds: dict[str, type[EspeakSystemVoice | SayVoice | SapiVoice]] = {
        "espeak-ng": EspeakSystemVoice,
        "espeak": EspeakSystemVoice,
    }
    if sys.platform == "darwin":
        kinds["say"] = SayVoice
    if sys.platform == "win32":
        kinds["powershell"] = SapiVoice
    missing, failed = [], []
    for program, kind in kinds.items():
        exe = shutil.which(program)
        if exe is None:
            missing.append(program)
            continue
        try:
            return kind(exe, language, wpm)
        except VoiceUnavailable as err:
            failed.append(str(err))
    reasons = [*failed, f"no {' or '.join(missing)} on PATH"] if missing else failed
    raise VoiceUnavailable("; ".join(reasons))
