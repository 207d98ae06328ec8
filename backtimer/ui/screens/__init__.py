"""The screens of the app, each with its own .tcss beside it."""
