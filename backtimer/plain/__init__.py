"""The line-mode front end (--plain): one line per transition, no Textual."""
