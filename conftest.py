"""Fixtures shared by all of Terreau's tests (factories live in terreau/core/testing.py)."""
