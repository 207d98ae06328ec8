"""The garbage collector held off while the full-screen app starts. No UI imports.

Starting means importing Textual and building the first screen: some hundred thousand
objects, few of them garbage, yet the collector ran about 120 times and took 60-70 ms
of the time to the first frame. It is held off from the start of `backtimer run` until
the first frame is up; then everything alive is frozen (moved where collections do not
look: it lives for the whole run anyway) and collection resumes, so the session's own
collections have less to walk.

`paused()` holds it off for one block that builds many objects and keeps them (loading
a routine file, `show`), for the same reason: collections there find nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_held = False


def hold() -> None:
    """Stop automatic collection until release()."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what start-up built and collect again; a no-op without hold()."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block; as it was after (held stays held)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
