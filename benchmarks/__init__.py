"""Repeatable measurements with their targets; not part of the test run (`make benchmark`)."""
