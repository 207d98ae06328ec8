"""Entry point for `backtimer` and `python -m backtimer`."""

from __future__ import annotations

import os
import sys

BROKEN_PIPE = 128 + 13
"""What a shell reports for a tool that SIGPIPE ended: `backtimer show X | head` ends
quietly, as other command-line tools do."""


def main() -> int:
    from backtimer.run import startup_gc

    # Held off before the command line is even imported (some 15 collections, 1.5 ms);
    # cli.main lets it go again for every command but the full-screen run.
    startup_gc.hold()
    from backtimer.cli import main as cli_main

    reopen_closed_std_streams()
    try:
        code = cli_main(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        # Whatever is still buffered would fail again at exit: send it nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
    return code


def reopen_closed_std_streams() -> None:
    """Started with stdin, stdout or stderr closed (`<&-`, `>&-`): put /dev/null there.
    Python leaves sys.stdin (...) None, and the next file opened (the history database)
    would get the free descriptor: a message meant for stderr would land in it."""
    streams = ("stdin", "stdout", "stderr")
    for fd, name in enumerate(streams):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, "r" if fd == 0 else "w", closefd=False))  # noqa: SIM115


if __name__ == "__main__":
    sys.exit(main())
