"""The silent backend (`--sound off`, and the last fallback): plays nothing."""

from __future__ import annotations


class SilentPlayer:
    name = "off"

    def play(self, cue: str) -> float | None:
        return None

    def close(self) -> None:
        pass
