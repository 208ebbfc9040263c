"""The reminders pane (the right-hand dock) and the follow-up editor."""
