"""Routine files: YAML in, a validated immutable Routine out. Never imports textual."""

from __future__ import annotations
