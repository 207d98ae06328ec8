"""The command line through a subprocess, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer import paths

BUNDLED = sorted(p.stem for p in paths.bundled_routines_dir().glob("*.yaml"))


def bt(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    if home is not None:
        env["BACKTIMER_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "backtimer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_version() -> None:
    result = bt("--version")
    assert result.returncode == 0 and result.stdout.startswith("backtimer ")


def test_bundled_routines_all_validate() -> None:
    assert {
        "home-stretch",
        "plank-holds",
        "office-chair",
        "back-strength",
        "lower-back-strength",
        "warm-up",
    } <= set(BUNDLED)
    files = [str(p) for p in paths.bundled_routines_dir().glob("*.yaml")]
    result = bt("validate", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == len(files)


def test_list_shows_bundled_and_user(backtimer_home: Path) -> None:
    user = backtimer_home / "data" / "routines"
    user.mkdir(parents=True)
    (user / "mine.yaml").write_text("name: Mine\nexercises:\n  - {name: P, hold: 30s}\n")
    (user / "broken.yaml").write_text("name: [\n")
    result = bt("list", home=backtimer_home)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["NAME", "WHERE", "EXERCISES", "TIME"]
    mine = next(line for line in lines if line.startswith("mine "))
    assert "user" in mine and "0:35" in mine
    assert "invalid" in next(line for line in lines if line.startswith("broken "))
    assert any(line.startswith("office-chair ") for line in lines)


def test_show_json_shape(example_yaml: Path) -> None:
    result = bt("show", str(example_yaml), "--json")
    data = json.loads(result.stdout)
    assert set(data) >= {"name", "total_seconds", "self_paced_steps", "steps"}
    assert data["total_seconds"] == 824 and data["self_paced_steps"] == 2
    step = data["steps"][1]
    assert {k: step[k] for k in ("kind", "exercise", "side", "set", "sets", "seconds")} == {
        "kind": "work",
        "exercise": "Cat-cow",
        "side": None,
        "set": 1,
        "sets": 1,
        "seconds": 90.0,
    }
    assert any(s["seconds"] is None for s in data["steps"])


def test_show_table_by_name() -> None:
    result = bt("show", "office-chair")
    assert result.returncode == 0, result.stderr
    total = result.stdout.strip().splitlines()[-1]
    assert total.startswith("Total: ")
    minutes = int(total.split()[1].split(":")[0])
    assert 10 <= minutes <= 15


def test_show_levels(example_yaml: Path) -> None:
    low = json.loads(bt("show", str(example_yaml), "--json").stdout)["total_seconds"]
    high = json.loads(bt("show", str(example_yaml), "--json", "--level", "high").stdout)[
        "total_seconds"
    ]
    assert high > low


def test_validate_reports_every_problem(tmp_path: Path, example_yaml: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\nexercises:\n  - name: A\n    hodl: 3s\n  - name: B\n    hold: x\n")
    result = bt("validate", str(example_yaml), str(bad))
    assert result.returncode == 1
    assert f"{example_yaml}: ok" in result.stdout
    assert (
        f"{bad}:4:5: exercises[0] (A).hodl: unknown key 'hodl', did you mean 'hold'?"
        in result.stdout
    )
    assert f"{bad}:6:11:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_exit_codes(tmp_path: Path, example_yaml: Path) -> None:
    assert bt("validate", str(example_yaml)).returncode == 0
    missing = bt("validate", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    assert bt("validate").returncode == 2  # usage


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02binary",
        b"!!python/object/apply:os.system ['echo pwned']\n",
        b"",
        b"\xff\xfe junk",
    ],
)
def test_hostile_files_get_a_message(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "hostile.yaml"
    f.write_bytes(content)
    result = bt("validate", str(f))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{f}:1:")
    assert "pwned" not in result.stdout.replace("echo pwned", "")
    assert "Traceback" not in result.stderr


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    f = tmp_path / "evil.yaml"
    f.write_text('name: "\\e]0;owned\\a\\e[2J"\nexercises:\n  - {name: "\\e[31mRed", hold: 3s}\n')
    result = bt("show", str(f))
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_schema_is_json_schema() -> None:
    schema = json.loads(bt("schema").stdout)
    assert schema["title"] == "backtimer routine"
    assert "sections" in schema["properties"]


def test_unknown_routine_name() -> None:
    result = bt("show", "no-such-routine")
    assert result.returncode == 2 and "no routine file or routine named" in result.stderr


def test_schema_file_in_docs_is_current() -> None:
    from backtimer.routine.schema import json_schema

    stored = json.loads((Path(__file__).parents[2] / "docs" / "routine.schema.json").read_text())
    assert stored == json_schema(), "run: backtimer schema > docs/routine.schema.json"


def test_docs_example_is_the_fixture(example_yaml: Path) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "routine-format.md").read_text()
    block = doc.split("```yaml\n")[2].split("```")[0]
    assert block == example_yaml.read_text()


@pytest.mark.parametrize(
    ("argv", "routine", "sound"),
    [
        ([], None, None),
        (["--sound", "off"], None, "off"),
        (["plank-holds"], "plank-holds", None),
    ],
)
def test_options_without_a_command_are_run_options(
    argv: list[str], routine: str | None, sound: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`backtimer --sound off` opens the picker without sound, as `backtimer run --sound off`."""
    from backtimer import cli

    seen = []
    monkeypatch.setattr(cli, "cmd_run", lambda args, out: seen.append(args) or 0)
    assert cli.main(argv) == 0
    assert (seen[0].routine, seen[0].sound) == (routine, sound)


def test_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    """`backtimer show ROUTINE --json | head` ends without a traceback (exit 141, as a
    tool ended by SIGPIPE), however much was left to print."""
    import os
    import shutil
    import subprocess
    import sys

    script = shutil.which("backtimer", path=str(Path(sys.executable).parent))
    assert script is not None
    big = tmp_path / "big.yaml"
    items = "".join(f"  - {{name: Hold {i}, hold: 20s, sides: both}}\n" for i in range(400))
    big.write_text(f"name: Big\nexercises:\n{items}")
    env = {**os.environ, "BACKTIMER_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        [script, "show", str(big), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 141, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_help_lists_every_command() -> None:
    """`--help` builds the whole command line, though a start builds only its command."""
    from backtimer.cli import COMMANDS

    shown = bt("--help").stdout
    for command in COMMANDS:
        assert f"\n    {command}" in shown, command


@pytest.mark.parametrize(
    "words",
    [
        ["run", "warm-up", "--start", "--sound", "off", "--voice", "off", "--speed", "2"],
        ["run", "--plain", "--level", "low"],
        ["show", "warm-up", "--json", "--level", "2"],
        ["history", "--limit", "3"],
        ["stats", "plank-holds"],
        ["remind", "--every", "45m"],
        ["validate", "a.yaml", "b.yaml"],
    ],
)
def test_one_command_parses_as_the_whole_line(words: list[str]) -> None:
    from backtimer.cli import build_parser

    assert build_parser(words[0]).parse_args(words) == build_parser().parse_args(words)


def test_one_command_still_rejects_a_bad_option(capsys: pytest.CaptureFixture[str]) -> None:
    from backtimer.cli import main

    with pytest.raises(SystemExit) as ended:
        main(["run", "--sound", "loud"])
    assert ended.value.code == 2
    assert "invalid choice: 'loud'" in capsys.readouterr().err


@pytest.mark.parametrize("words", [["list"], ["schema"], ["show", "warm-up"]])
def test_the_collector_is_back_on_for_every_command_but_the_full_screen(
    words: list[str], tmp_path: Path
) -> None:
    """The entry point holds the garbage collector off from its first line; a command
    other than the full-screen run turns it back on before it does anything."""
    code = (
        "import gc, sys\n"
        "from backtimer import cli\n"
        "seen = []\n"
        "real = cli.cmd_list, cli.cmd_schema, cli.cmd_show\n"
        "def spy(handler):\n"
        "    def run(args, out):\n"
        "        seen.append(gc.isenabled())\n"
        "        return handler(args, out)\n"
        "    return run\n"
        "cli.cmd_list, cli.cmd_schema, cli.cmd_show = map(spy, real)\n"
        f"sys.argv = ['backtimer', *{words!r}]\n"
        "from backtimer.__main__ import main\n"
        "code = main()\n"
        "print(code, seen, gc.isenabled(), file=sys.stderr)\n"
    )
    env = {"BACKTIMER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stderr.strip().splitlines()[-1] == "0 [True] True", done.stderr
