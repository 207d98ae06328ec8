"""Reusable widgets of the session screen; each carries its own DEFAULT_CSS."""
