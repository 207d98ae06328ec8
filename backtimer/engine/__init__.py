"""The session engine: timeline and state machine. No textual, no wall clock."""

from __future__ import annotations
