"""Benchmark of the hot paths at national scale; run with `make bench` (see README)."""
