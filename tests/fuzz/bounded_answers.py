"""Answer routine files inside resource limits: the worker test_fuzz_loader.py starts.

    python bounded_answers.py FOLDER MEGABYTES

Raises its own address-space limit (RLIMIT_AS) to what it uses once everything is
imported plus MEGABYTES, then loads every *.yaml in FOLDER as the CLI does and, when a
file loads, compiles its plan at the longest level (every range at its upper end). For
each file it prints one JSON line: the name, the CPU seconds taken (process time, which
other work on the machine barely moves), the plan's steps (None when refused), and a
crash (None, or the exception) - a MemoryError past the limit is one. Linux only.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import backtimer.routine.validate  # noqa: F401 - the reader imported before the limit is set
from backtimer.engine.plan import compile_plan
from backtimer.routine.loader import RoutineError, load_bytes


def _vm_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def answer(raw: bytes) -> tuple[int | None, str | None]:
    """(steps of the plan at its longest, or None if refused; a crash, or None)."""
    try:
        routine = load_bytes(raw, "fuzz.yaml")
    except RoutineError as err:
        if not err.problems or any(p.line < 1 or p.col < 1 for p in err.problems):
            return None, f"RoutineError without a located problem: {err.problems!r}"
        return None, None
    except Exception as exc:  # noqa: BLE001 - anything else is the finding
        return None, f"{type(exc).__name__}: {exc}"[:300]
    try:
        return len(compile_plan(routine, "high").steps), None
    except Exception as exc:  # noqa: BLE001
        return None, f"{type(exc).__name__} compiling the plan: {exc}"[:300]


def main() -> None:
    folder, megabytes = Path(sys.argv[1]), int(sys.argv[2])
    limit = _vm_bytes() + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for path in sorted(folder.glob("*.yaml")):
        raw = path.read_bytes()
        start = time.process_time()
        steps, crash = answer(raw)
        cpu = time.process_time() - start
        print(json.dumps({"name": path.name, "cpu": cpu, "steps": steps, "crash": crash}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
