"""ConfirmQuitDialog: asks before a session is stopped; the session waits, paused."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmQuitDialog(ModalScreen[bool]):
    CSS_PATH = "confirm_quit.tcss"
    BINDINGS = [
        Binding("y,q", "answer(True)", "Quit"),
        Binding("n,escape", "answer(False)", "Keep going"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Quit this session?", id="question")
            yield Static("It is paused. What you did so far is kept.", id="note")
            with Horizontal(id="buttons"):
                yield Button("Quit (y)", variant="error", id="quit")
                yield Button("Keep going (n)", variant="primary", id="stay")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
