"""Keep C audio libraries' chatter on file descriptor 2 off the screen. No UI.

ALSA also prints on its own threads while sound plays (simpleaudio's "underrun
occurred" at the end of every cue), so its error handler is replaced as well.

ALSA and JACK print straight to fd 2 while a device opens, and Textual draws on fd 2
too. So fd 2 is diverted to a temporary file instead of /dev/null, and what was
caught is put back afterwards with the library lines taken out: the app's drawing
survives, the chatter does not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

CHATTER = re.compile(
    rb"(ALSA lib |alsa-lib |Cannot connect to server|jack server is not running|"
    rb"JackShm|Jack: |Cannot lock down|W: \[|E: \[)[^\n]*\n?"
)
"""Lines that audio libraries print on their own."""

_lock = threading.Lock()
_ALSA_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
_kept: list[object] = []


def _ignore(file: bytes, line: int, function: bytes, err: int, fmt: bytes) -> None:
    pass


def silence_alsa() -> bool:
    """Give ALSA (the libasound every backend shares) an error handler that drops all."""
    if _kept:
        return True
    try:
        lib = ctypes.CDLL("libasound.so.2")
    except OSError:
        name = ctypes.util.find_library("asound")
        if name is None:
            return False
        lib = ctypes.CDLL(name)
    try:
        handler = _ALSA_HANDLER(_ignore)
        lib.snd_lib_error_set_handler(handler)
    except (OSError, AttributeError):
        return False
    _kept.append(handler)  # a freed callback would crash the next ALSA message
    return True


def strip_chatter(caught: bytes) -> bytes:
    """What to put back on fd 2: nothing unless it holds the app's escape sequences."""
    rest = CHATTER.sub(b"", caught)
    return rest if b"\x1b" in rest else b""


@contextmanager
def quiet_fd2() -> Iterator[None]:
    """Divert fd 2 for the block (and mute ALSA for good); one thread at a time."""
    silence_alsa()
    with _lock:
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError, AttributeError):
            yield  # no usable fd 2: nothing to protect
            return
        with tempfile.TemporaryFile() as caught:
            os.dup2(caught.fileno(), 2)
            try:
                yield
            finally:
                with suppress(OSError, ValueError):
                    sys.stderr.flush()
                os.dup2(saved, 2)
                os.close(saved)
                caught.seek(0)
                back = strip_chatter(caught.read())
                if back:
                    os.write(2, back)
