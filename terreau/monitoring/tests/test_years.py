"""Project years: bounds, the day a year ends, groups that start later, --year values."""

from datetime import date

from terreau.monitoring.years import ProjectYears

PILOT = ProjectYears(date(2025, 4, 1), 3)


def test_a_session_on_31_march_belongs_to_the_year_that_ends_that_day():
    assert PILOT.index_of(date(2026, 3, 31)) == 1
    assert PILOT.index_of(date(2026, 4, 1)) == 2


def test_the_years_run_from_1_april_to_31_march():
    assert PILOT.bounds(1) == (date(2025, 4, 1), date(2026, 3, 31))
    assert PILOT.bounds(3) == (date(2027, 4, 1), date(2028, 3, 31))
    assert PILOT.whole() == (date(2025, 4, 1), date(2028, 3, 31))
    assert PILOT.label(2) == "Année 2 (2026-2027)"


def test_days_outside_the_project_have_no_year():
    assert PILOT.index_of(date(2025, 3, 31)) is None
    assert PILOT.index_of(date(2028, 4, 1)) is None


def test_a_group_that_starts_a_year_later_has_its_own_year_1():
    later = ProjectYears(date(2025, 4, 1), 3, offset=1)
    assert later.bounds(1) == (date(2026, 4, 1), date(2027, 3, 31))
    assert later.index_of(date(2026, 3, 31)) is None
    assert later.index_of(date(2026, 4, 1)) == 1


def test_a_year_on_the_command_line_is_an_index_or_a_calendar_year():
    assert PILOT.resolve(2) == 2
    assert PILOT.resolve(2026) == 2
    assert PILOT.resolve(2031) is None
    assert PILOT.resolve(0) is None


def test_a_project_starting_on_29_february_keeps_going():
    leap = ProjectYears(date(2024, 2, 29), 2)
    assert leap.bounds(2) == (date(2025, 2, 28), date(2026, 2, 27))
