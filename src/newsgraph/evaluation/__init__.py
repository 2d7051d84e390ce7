"""Benchmarks that measure newsgraph's components against public gold annotations."""
