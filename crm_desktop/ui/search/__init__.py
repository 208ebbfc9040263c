"""Global search: type-ahead over everything, grouped by kind."""
