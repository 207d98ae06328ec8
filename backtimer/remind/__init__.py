"""Desk reminders (`backtimer remind`): a pure schedule (schedule.py, spec.py) and its edge:
the loop, notifications, the control socket, the login service files."""
