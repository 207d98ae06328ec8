#!/bin/sh
# Creates the bench's own environment, bench/.venv (gitignored): the project (editable,
# so the figures follow the checkout), termdown from PyPI as the peer, and the profilers.
# Re-run it freely; it only installs what is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
python=${PYTHON:-python3.11}
[ -x "$here/.venv/bin/python" ] || "$python" -m venv "$here/.venv"
pip="$here/.venv/bin/python -m pip --disable-pip-version-check --quiet"
$pip install --upgrade pip
# pytest: bench/cue_latency.py and scheduled_latency.py reuse the tests' PulseAudio helpers
# (tests/audio/), which import it. voice: the in-process espeak-ng that scheduled_latency.py hears.
$pip install -e "$root[simpleaudio,voice]" termdown py-spy pyinstrument pytest
"$here/.venv/bin/python" - <<'PY'
import importlib.metadata as md
for name in ("backtimer", "textual", "termdown", "miniaudio", "simpleaudio", "espeakng-loader", "py-spy", "pyinstrument", "pytest"):
    try:
        print(f"{name:<15} {md.version(name)}")
    except md.PackageNotFoundError:
        print(f"{name:<15} (not installed)")
PY
