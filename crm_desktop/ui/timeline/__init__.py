"""The interaction timeline and the quick-log bar."""
