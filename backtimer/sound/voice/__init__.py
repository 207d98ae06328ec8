"""Spoken cues: speech engines that turn text into 16-bit mono PCM, and the rendered phrases; no UI."""
