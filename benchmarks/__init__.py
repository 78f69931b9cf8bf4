"""Benchmarks: each prints JSON so numbers can be compared within one run."""
