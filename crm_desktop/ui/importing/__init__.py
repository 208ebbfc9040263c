"""The import wizard, its background run and the list of past imports."""
