"""Benchmarks: `python -m bench 1000 100000` (see README, "Benchmarks")."""
