"""Project years, without Django: which year a day belongs to, and the bounds of a year.

The pilot's years run from 1 April to 31 March: a session on 31 March belongs to the year
that ends that day. A group that joined later has its year 1 start `offset` years after the
project's. Years are numbered from 1 ("année 1" is the funders' N, year 2 is N+1…).
"""

from dataclasses import dataclass
from datetime import date, timedelta


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class ProjectYears:
    first_day: date  # of the project's year 1
    count: int = 3  # years the project runs
    offset: int = 0  # years between the project's start and this group's

    def bounds(self, index: int) -> tuple[date, date]:
        """First and last day (inclusive) of year `index` (1-based) for this group."""
        start = years_after(self.first_day, self.offset + index - 1)
        return start, years_after(start, 1) - timedelta(days=1)

    def index_of(self, day: date) -> int | None:
        """The year `day` falls in (1…count), or None before year 1 or after the last."""
        for index in range(1, self.count + 1):
            first, last = self.bounds(index)
            if first <= day <= last:
                return index
        return None

    def whole(self) -> tuple[date, date]:
        """First and last day of the whole project for this group."""
        return self.bounds(1)[0], self.bounds(self.count)[1]

    def current(self, today: date) -> int | None:
        return self.index_of(today)

    def label(self, index: int) -> str:
        """"Année 2 (2026-2027)"."""
        first, last = self.bounds(index)
        span = str(first.year) if first.year == last.year else f"{first.year}-{last.year}"
        return f"Année {index} ({span})"

    def resolve(self, year: int) -> int | None:
        """A year given on the command line: 1…count is a project year; a calendar year
        (2025) is the project year that starts in it. None when neither matches."""
        if 1 <= year <= self.count:
            return year
        for index in range(1, self.count + 1):
            if self.bounds(index)[0].year == year:
                return index
        return None
