"""The terminal UI: Textual screens and widgets, plus the plain data they show.

`view.py` and `tally.py` hold plain data and never import textual, so --plain can use them.
"""
