"""Benchmarks of issue 7: run by ``make bench``, never by the test suite."""
