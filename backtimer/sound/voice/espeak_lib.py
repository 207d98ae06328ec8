"""espeak-ng in this process, through ctypes and the espeakng-loader wheel; no UI.

The library is process-global and not thread-safe: one module lock (a leaf: nothing
but the library and the sample callback run under it) guards initialising,
choosing the voice and synthesising. Initialising calls setlocale(LC_CTYPE, "C.UTF-8")
for the whole process (espeak-ng needs a UTF-8 locale): harmless where it is UTF-8.
"""

from __future__ import annotations

import ctypes
import threading
from array import array
from pathlib import Path
from typing import Any

from backtimer.sound.voice.engine import VoiceUnavailable
from backtimer.sound.voice.text import clean_text

# speak_lib.h (espeak-ng 1.51, API revision 13)
AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000  # without it, a bad data path makes espeak-ng exit(1)
POS_CHARACTER = 1
CHARS_UTF8 = 1
PARAM_RATE = 1
EE_OK = 0
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

_LOCK = threading.Lock()
_chunks: list[bytes] = []
_lib: Any = None
_rate = 0
_current: tuple[str, int] | None = None  # the (language, wpm) the library is set to


def _collect(wav: Any, count: int, _events: int | None) -> int:
    if wav and count > 0:
        _chunks.append(ctypes.string_at(wav, count * 2))
    return 0  # 0: carry on synthesising


_callback = _CALLBACK(_collect)  # referenced for the life of the process


def _paths() -> tuple[str, str]:
    try:
        import espeakng_loader
    except ImportError:
        raise VoiceUnavailable("the espeak-ng library is not installed") from None
    try:
        library, data = espeakng_loader.get_library_path(), espeakng_loader.get_data_path()
    except (OSError, RuntimeError) as err:
        raise VoiceUnavailable(f"the espeak-ng library is incomplete ({err})") from None
    if not Path(library).is_file() or not (Path(data) / "phontab").is_file():
        raise VoiceUnavailable("the espeak-ng library is incomplete (no library or data)")
    return str(library), str(data)


def _load(library: str, data: str) -> int:
    """Under _LOCK: the library loaded and initialised once; its sample rate."""
    global _lib, _rate
    if _lib is not None:
        return _rate
    try:
        lib = ctypes.CDLL(library)
    except OSError as err:
        raise VoiceUnavailable(f"the espeak-ng library cannot load ({err})") from None
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.POINTER(ctypes.c_uint), ctypes.c_void_p,
    ]  # fmt: skip
    for name in ("SetVoiceByName", "SetParameter", "Synth", "Synchronize"):
        getattr(lib, f"espeak_{name}").restype = ctypes.c_int
    rate: int = lib.espeak_Initialize(
        AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), INITIALIZE_DONT_EXIT
    )
    if rate <= 0:
        raise VoiceUnavailable("the espeak-ng library failed to start")
    lib.espeak_SetSynthCallback(_callback)
    _lib, _rate = lib, rate
    return rate


def _select(language: str, wpm: int) -> bool:
    """Under _LOCK: the library set to speak `language` at `wpm`."""
    global _current
    if _current == (language, wpm):
        return True
    _current = None
    if _lib.espeak_SetVoiceByName(language.encode()) != EE_OK:
        return False
    if _lib.espeak_SetParameter(PARAM_RATE, wpm, 0) != EE_OK:
        return False
    _current = (language, wpm)
    return True


class EspeakLibVoice:
    """espeak-ng speaking `language` at `wpm` words a minute, in this process."""

    name = "espeak-ng"

    def __init__(self, language: str = "en", wpm: int = 165) -> None:
        library, data = _paths()
        with _LOCK:
            self.rate = _load(library, data)
            found = _select(language, wpm)
        if not found:
            raise VoiceUnavailable(f"the espeak-ng library has no voice {language!r}")
        self.language, self.wpm = language, wpm
        self.key = f"espeak-lib|{language}|{wpm}"

    def render(self, text: str) -> array[int]:
        encoded = clean_text(text).encode("utf-8")
        if not encoded:
            return array("h")
        with _LOCK:
            _chunks.clear()
            ok = _select(self.language, self.wpm)
            if ok:
                flags = (0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
                ok = _lib.espeak_Synth(encoded + b"\0", len(encoded) + 1, *flags) == EE_OK
                ok = _lib.espeak_Synchronize() == EE_OK and ok
            pcm = b"".join(_chunks)
            _chunks.clear()
        return array("h", pcm) if ok else array("h")

    def close(self) -> None:
        """Nothing to free: the library stays loaded for the next voice."""
