"""Benchmarks at scale: ``python -m bench`` from the repository root (see README.md)."""
