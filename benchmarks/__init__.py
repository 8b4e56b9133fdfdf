"""Benchmarks: commands that print figures and ratios (never timed tests)."""
