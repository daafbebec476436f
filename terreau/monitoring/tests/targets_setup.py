"""Helpers of the targets and dashboard tests: fixing "today" for the pages and the API."""

from datetime import date

import pytest


@pytest.fixture
def on_day(monkeypatch):
    """Call on_day(date) to make the pages and the API believe today is that day."""

    def set_day(day: date) -> None:
        monkeypatch.setattr("terreau.monitoring.views.home.localdate", lambda: day)
        monkeypatch.setattr("terreau.monitoring.api_targets.localdate", lambda: day)

    set_day(date(2025, 12, 31))  # three quarters of the pilot's year 1
    return set_day
