#!/usr/bin/env bash
# The project's test command (see README): lint, types, import hygiene, tests, then the
# wheel installed into a fresh virtual environment outside the checkout and used for real.
# Run from the repository root with the development environment active or in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
BIN="$(dirname "$PY")"

step() { printf '\n==> %s\n' "$*"; }

step "ruff (lint and format check)"
"$BIN/ruff" check backtimer tests bench tools
"$BIN/ruff" format --check backtimer tests bench tools

step "mypy strict over backtimer/"
"$BIN/mypy" backtimer

step "import contracts: routine/, engine/, history/ never import the UI"
"$BIN/lint-imports"

step "tests"
"$PY" -m pytest "$@"

step "wheel: build, install into a fresh venv outside the checkout, run it"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PY" -m build --wheel --outdir "$work/dist" . >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$work"/dist/*.whl >"$work/pip.log" 2>&1 || { cat "$work/pip.log"; exit 1; }
(
  cd "$work"
  export BACKTIMER_HOME="$work/home"
  "$work/venv/bin/backtimer" --version
  "$work/venv/bin/backtimer" list
  "$work/venv/bin/backtimer" show office-chair | tail -n 3
  "$work/venv/bin/backtimer" validate "$("$work/venv/bin/python" -c 'import backtimer.paths as p; print(p.bundled_routines_dir())')"/*.yaml
  timeout 300 "$work/venv/bin/backtimer" run warm-up --plain --start --speed 200 --sound off \
    >"$work/session.log"
  grep -E "^(Finished|This week|Next time)" "$work/session.log"
  "$work/venv/bin/backtimer" history | tail -n 2
)
echo "check: all passed"
