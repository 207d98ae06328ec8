"""What runs one session, shared by both front ends: the conductor, the recorder,
hooks, the events log, the wiring and the options. No Textual."""
