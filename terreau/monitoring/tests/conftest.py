"""Fixtures of the monitoring tests (fixtures.py: shared with the actions tests)."""

from .fixtures import *  # noqa: F403
