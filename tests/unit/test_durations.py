"""Duration, count and breath parsing."""

from __future__ import annotations

import pytest

from backtimer.routine.durations import (
    DurationError,
    format_seconds,
    parse_breath,
    parse_count_span,
    parse_duration_span,
    parse_seconds,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30", 30),
        (30, 30),
        ("30s", 30),
        ("1m", 60),
        ("1m30s", 90),
        ("90s", 90),
        ("1:30", 90),
        ("1.5s", 1.5),
        ("2m 30s", 150),
        ("1h", 3600),
        ("0s", 0),
    ],
)
def test_single_durations(text: object, seconds: float) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("20-40s", 20, 40),
        ("1-2m", 60, 120),
        ("1m-1m30s", 60, 90),
        ("20s-40s", 20, 40),
        ("30s", 30, 30),
        ("1:00-1:30", 60, 90),
    ],
)
def test_duration_ranges(text: str, low: float, high: float) -> None:
    span = parse_duration_span(text)
    assert (span.low, span.high) == (low, high)


@pytest.mark.parametrize(
    "text", ["abc", "40-20s", "1m1h", "-5", "0-", "1:75", "30x", "", "7h", "s", "1m-"]
)
def test_bad_durations(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration_span(text)


def test_counts() -> None:
    assert parse_count_span("10-12").low == 10
    assert parse_count_span(15).high == 15
    for bad in ("0", "ten", "12-10", "1.5", "100000"):
        with pytest.raises(DurationError):
            parse_count_span(bad)


def test_breath_patterns() -> None:
    assert parse_breath("4s/4s").cycle == 8
    box = parse_breath("4s/2s/6s/2s")
    assert [n for n, _ in box.named_phases()] == ["inhale", "hold", "exhale", "hold"]
    assert [n for n, _ in parse_breath("4/0/6/0").named_phases()] == ["inhale", "exhale"]
    for bad in ("4s", "4s/4s/4s", "0/4", "x/y"):
        with pytest.raises(DurationError):
            parse_breath(bad)


def test_format_seconds() -> None:
    assert format_seconds(90) == "1:30"
    assert format_seconds(3725) == "1:02:05"
    assert format_seconds(0) == "0:00"
