"""A 5x7 pixel font drawn with half blocks, at any whole scale: the countdown and the
exercise name as big as the terminal allows. Plain data and strings; no Textual.

A pixel is one cell wide and half a cell tall (terminal cells are about twice as tall as
wide), so at scale k a glyph is 5k cells wide and ceil(7k / 2) rows tall: 7 rows at k=2.
"""

from __future__ import annotations

import math
from functools import lru_cache

_GLYPHS = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": (".", "#", "#", ".", "#", "#", "."),
    "/": ("....#", "....#", "...#.", "..#..", ".#...", "#....", "#...."),
    " ": ("...", "...", "...", "...", "...", "...", "..."),
    "-": ("....", "....", "....", "####", "....", "....", "...."),
    "'": ("#", "#", ".", ".", ".", ".", "."),
    ".": (".", ".", ".", ".", ".", ".", "#"),
    ",": ("..", "..", "..", "..", "..", ".#", "#."),
    "(": (".#", "#.", "#.", "#.", "#.", "#.", ".#"),
    ")": ("#.", ".#", ".#", ".#", ".#", ".#", "#."),
    "&": (".##..", "#..#.", "#.#..", ".#...", "#.#.#", "#..#.", ".##.#"),
    "+": (".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."),
    "A": (".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "B": ("####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."),
    "C": (".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."),
    "D": ("###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###.."),
    "E": ("#####", "#....", "#....", "####.", "#....", "#....", "#####"),
    "F": ("#####", "#....", "#....", "####.", "#....", "#....", "#...."),
    "G": (".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"),
    "H": ("#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "I": ("###", ".#.", ".#.", ".#.", ".#.", ".#.", "###"),
    "J": ("..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"),
    "N": ("#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "#...#", "####.", "#....", "#....", "#...."),
    "Q": (".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"),
    "S": (".####", "#....", "#....", ".###.", "....#", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."),
    "X": ("#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"),
    "Y": ("#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."),
    "Z": ("#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"),
}
HEIGHT = 7
"""Pixels of every glyph, top to bottom."""
GAP = 1
"""Pixels between two glyphs."""
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def drawable(text: str) -> bool:
    """Every character of `text` has a glyph (the name falls back to plain text if not)."""
    return all(c in _GLYPHS for c in text)


def pixel_width(text: str) -> int:
    """Pixels across `text` at scale 1, gaps included."""
    if not text:
        return 0
    return sum(len(_GLYPHS[c][0]) for c in text) + GAP * (len(text) - 1)


def rows_for(scale: int) -> int:
    """Terminal rows `scale` takes."""
    return math.ceil(HEIGHT * scale / 2)


def fit_scale(text: str, width: int, height: int, *, at_most: int = 12) -> int:
    """The largest scale at which `text` fits `width` x `height` cells (0 when none)."""
    across = pixel_width(text)
    if across <= 0:
        return 0
    scale = min(at_most, width // across)
    while scale > 0 and rows_for(scale) > height:
        scale -= 1
    return scale


@lru_cache(maxsize=16)
def pixel_rows(text: str, scale: int) -> tuple[str, ...]:
    """The rows of cells that draw `text` at `scale` (each `pixel_width * scale` cells
    wide). Cached: the countdown changes once a second, and a frame draws every row."""
    lines = ["" for _ in range(HEIGHT)]
    for i, char in enumerate(text):
        glyph = _GLYPHS[char]
        for y in range(HEIGHT):
            lines[y] += ("." * GAP if i else "") + glyph[y]
    # Scale the bitmap: each pixel becomes `scale` columns and `scale` half rows.
    columns = [[c == "#" for c in line for _ in range(scale)] for line in lines]
    halves = [row for row in columns for _ in range(scale)]
    if len(halves) % 2:
        halves.append([False] * len(halves[0]))
    return tuple(
        "".join(_HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(halves[::2], halves[1::2], strict=True)
    )
