"""The garbage collector held off while the full-screen app starts. No UI imports.

Starting means importing Textual and building the first screen: some hundred thousand
objects, few of them garbage, yet the collector ran about 120 times before the first
frame. It is held off from the start of `backtimer run` until the first frame is up;
then everything alive is frozen (moved where collections do not look: it lives for the
whole run anyway) and collection resumes, so the session's own collections have less to
walk. Measured side by side (bench/README.md, issue 15): without it the first frame
comes some 40 ms later (6-7 %, in CPU time too).
"""

from __future__ import annotations

import gc

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
