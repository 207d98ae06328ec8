"""The child process of run/spawned.py: `python -c ENTRY ALARM TASK ARGS...` runs one
task ("module:function", called with the string ARGS) and writes its result, pickled,
to the pipe it was given as stdout. Anything the task prints goes to /dev/null, not
into the result. It imports only the task's module; it exits 0 only when the whole
result was written."""

from __future__ import annotations

import os
import signal
import sys
from importlib import import_module


def main() -> None:
    code = 1
    try:
        alarm, task, *args = sys.argv[1:]
        pipe = os.dup(1)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.alarm(int(alarm))  # killed by then, whatever it is doing
        module, _, name = task.partition(":")
        result = getattr(import_module(module), name)(*args)
        import pickle

        data = memoryview(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(pipe, data) :]
        code = 0
    finally:
        os._exit(code)  # nothing buffered to flush; no exit work to run
