"""Pieces the feature folders share: the change bus, undo commands, the lazy table model."""
