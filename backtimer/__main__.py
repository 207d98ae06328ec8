"""Entry point for `backtimer` and `python -m backtimer`."""

from __future__ import annotations

import os
import sys

BROKEN_PIPE = 128 + 13
"""What a shell reports for a tool that SIGPIPE ended: `backtimer show X | head` ends
quietly, as other command-line tools do."""


def main() -> int:
    from backtimer.cli import main as cli_main

    try:
        code = cli_main(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        # Whatever is still buffered would fail again at exit: send it nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
    return code


if __name__ == "__main__":
    sys.exit(main())
