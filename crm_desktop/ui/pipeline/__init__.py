"""The pipeline: the kanban board, lead editor and lead detail."""
