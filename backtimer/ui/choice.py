"""One row of the routine picker: a routine (bundled or yours) or a file that does not load."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from textual.content import Content

from backtimer.engine.plan import Plan, compile_plan
from backtimer.present.text import clean, totals_text
from backtimer.routine.catalog import Listing
from backtimer.routine.model import Routine

PlanFor = Callable[[Routine], Plan]
"""A routine -> today's plan (its targets so far), the total the start card and `show` give."""

TAG = "yours"
"""Marks the user's own routines (from the routines folder), beside the bundled ones."""


class Choice(NamedTuple):
    listing: Listing
    plan: Plan | None

    @classmethod
    def of(cls, listing: Listing, plan_for: PlanFor = compile_plan) -> Choice:
        r = listing.routine
        return cls(listing, plan_for(r) if r is not None else None)

    @property
    def routine(self) -> Routine | None:
        """None for a file that does not load (it cannot be chosen)."""
        return self.listing.routine

    @property
    def name(self) -> str:
        return self.listing.name

    def matches(self, query: str) -> bool:
        r = self.routine
        names = " ".join(e.name for e in r.exercises) if r else ""
        haystack = f"{self.name} {r.description if r else ''} {names}".lower()
        return all(word in haystack for word in query.lower().split())

    def rank(self, query: str) -> int:
        """0 when the routine's name matches, so name matches come first."""
        name = self.name.lower()
        return 0 if all(word in name for word in query.lower().split()) else 1

    def prompt(self, width: int, tags: bool) -> Content:
        """Name, the `yours` column (when any routine is the user's), then the totals."""
        parts: list[str | tuple[str, str]] = [(clean(self.name).ljust(width), "bold"), "  "]
        if tags:
            tag = TAG if self.listing.origin == "user" else ""
            parts += [(tag.ljust(len(TAG)), "italic $accent"), "  "]
        if self.routine is None or self.plan is None:
            # The row ends in an ellipsis where it is too long (picker.tcss); the detail has it all.
            parts.append((f"invalid: {clean(self.problem_message())}", "$error"))
        else:
            parts.append((totals_text(self.routine, self.plan), "dim"))
        return Content.assemble(*parts)

    def detail(self) -> Content:
        r = self.routine
        if r is None:
            hint = "Fix it and choose it again (`backtimer validate FILE` lists every problem)."
            return Content(f"This file does not load:\n{clean(self.listing.problem)}\n{hint}")
        parts = [clean(r.description)] if r.description else []
        if r.caution:
            parts.append("Caution: " + clean(r.caution))
        return Content("\n\n".join(parts))

    def problem_message(self) -> str:
        """The problem without its file name, "LINE:COL: message": the row names the file."""
        path = self.listing.path
        return (
            self.listing.problem.removeprefix(f"{path}:").strip() if path else self.listing.problem
        )
