"""What both front ends show: names, numbers and lines of text from the plan and
the session, computed without a toolkit."""
