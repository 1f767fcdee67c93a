"""Helpers shared by the tests and the benchmarks: forms from markdown tables, and the automated interviewer."""
