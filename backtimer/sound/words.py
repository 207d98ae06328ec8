"""Numbers and durations in words, for the voice ("thirty seconds", "set two of three"). Pure."""

from __future__ import annotations

ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS = ("_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number(n: int) -> str:
    """0..999 in words; larger numbers as digits (the voice reads them too)."""
    if n < 0 or n > 999:
        return str(n)
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{ONES[hundreds]} hundred" + (f" and {number(rest)}" if rest else "")


def plural(n: int, unit: str) -> str:
    return f"{number(n)} {unit}{'' if n == 1 else 's'}"


def duration(seconds: float) -> str:
    """'thirty seconds', 'one minute', 'two minutes ten seconds', 'one hour five minutes'."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return plural(hours, "hour") + (f" {plural(minutes, 'minute')}" if minutes else "")
    if minutes:
        return plural(minutes, "minute") + (f" {plural(secs, 'second')}" if secs else "")
    return plural(secs, "second")


def sentence(text: str) -> str:
    """Capitalised, ending in a full stop (or the mark it has)."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."
