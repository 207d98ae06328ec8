"""--resume starts with a get-ready before the work it continues (both front ends take
today's plan from the history seam, wiring.History.prepare)."""

from __future__ import annotations

from backtimer import paths
from backtimer.engine.session import Session
from backtimer.history import HistoryStore
from backtimer.routine.loader import load_text
from backtimer.run.options import RunOptions
from backtimer.run.wiring import History

TEXT = (
    "name: Sets\ndefaults: {prepare: 7s, set_rest: 20s, rest: 10s}\nexercises:\n"
    "  - {name: Hold, hold: 20s, sets: 2}\n"
    "  - {name: Bridge, hold: 15s, sets: 2, set_rest: 0s, prepare: 0s}\n"
)


def run(resume: bool, stop_at: float | None = None) -> tuple[int, list[str]]:
    """One session through the CLI's history seam; returns its start step and the kinds
    of the steps it ran."""
    history = History(RunOptions(resume=resume), print)
    prepared = history.prepare(load_text(TEXT))
    recorder = prepared.recorder
    session = Session(prepared.plan, 0.0, prepared.start_index)
    kinds: list[str] = []
    recorder.on_start(prepared.plan)
    t = 0.0
    while not session.finished and (stop_at is None or t < stop_at):
        t += 0.5
        for e in session.advance(t):
            if e.type == "step_ended" and e.outcome is not None:
                recorder.on_step_ended(e.outcome)
            if e.type == "step_started" and not session.finished:
                kinds.append(session.step.kind)
    if not session.finished:
        for e in session.stop(t):
            if e.outcome is not None:
                recorder.on_step_ended(e.outcome)
    recorder.on_finish("finished" if session.finished else "stopped")
    history.close()
    return prepared.start_index, kinds


def works() -> list[tuple[str, int, str]]:
    with HistoryStore.open(paths.history_file(), print) as store:
        (rec,) = store.sessions()
        return [(r.exercise, r.set, r.status) for r in rec.steps if r.kind == "work"]


def test_resuming_in_the_second_set_gets_ready_first() -> None:
    run(resume=False, stop_at=7 + 20 + 20 + 5)  # 5 s into Hold's second set
    start, kinds = run(resume=True)
    assert start == 2 and kinds[:2] == ["prepare", "work"], "a get-ready, then the set"
    assert works() == [
        ("Hold", 1, "done"),
        ("Hold", 2, "stopped"),
        ("Hold", 2, "done"),
        ("Bridge", 1, "done"),
        ("Bridge", 2, "done"),
    ]


def test_resuming_at_the_first_set_starts_at_its_own_get_ready() -> None:
    run(resume=False, stop_at=7 + 5)
    start, kinds = run(resume=True)
    assert start == 0 and kinds[:2] == ["prepare", "work"]


def test_resuming_work_without_a_get_ready_of_its_own_gets_five_seconds() -> None:
    run(resume=False, stop_at=7 + 20 + 20 + 20 + 10 + 15 + 5)  # Bridge's second set
    history = History(RunOptions(resume=True), print)
    prepared = history.prepare(load_text(TEXT))
    step = prepared.plan.steps[prepared.start_index]
    assert (step.kind, step.exercise, step.seconds, step.set) == ("prepare", "Bridge", 5.0, 2)
    assert prepared.plan.steps[prepared.start_index + 1].kind == "work"
    history.close()


def test_resuming_at_a_rest_starts_there() -> None:
    run(resume=False, stop_at=7 + 20 + 5)  # in the set rest
    start, kinds = run(resume=True)
    assert start == 2 and kinds[:2] == ["set_rest", "work"]
