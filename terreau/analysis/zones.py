"""Profiles per zone: how many respondents of each profile live in each zone (no Django).

From a run's partition (profile 1..K of each respondent, in row order) and the zone code of
each respondent (same order; None when the respondent gave no zone), count per zone the
respondents and the respondents of each profile, and their shares. A zone with fewer
respondents than the disclosure threshold is `hidden`: its figures stay inside the group
(the page marks it, publish.py writes its values as statistical secret outside the group).
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 11  # the same as terreau.surveys.followup.THRESHOLD (checked by the tests)


@dataclass(frozen=True)
class ZoneProfiles:
    """One zone: its respondents, and per profile (index k-1) the count and the share."""

    code: str
    respondents: int
    counts: tuple[int, ...]
    hidden: bool  # fewer respondents than the threshold: no figure outside the group

    @property
    def shares(self) -> tuple[float, ...]:
        """Share of each profile among the zone's respondents, in [0, 1]."""
        return tuple(c / self.respondents if self.respondents else 0.0 for c in self.counts)


@dataclass(frozen=True)
class ProfileZones:
    """Every zone with at least one respondent (ordered by code), and those without a zone."""

    profiles: int  # K
    zones: tuple[ZoneProfiles, ...]
    without_zone: ZoneProfiles  # respondents without a zone (or with a zone of another level)
    threshold: int = THRESHOLD

    @property
    def respondents(self) -> int:
        return sum(z.respondents for z in self.zones) + self.without_zone.respondents

    @property
    def hidden_zones(self) -> int:
        return sum(1 for z in self.zones if z.hidden)


def profile_zones(zone_codes: Sequence[str | None], partition: Sequence[int], profiles: int,
                  *, threshold: int = THRESHOLD) -> ProfileZones:
    """Count the profiles per zone. Raise ValueError (French) on inconsistent input."""
    if len(zone_codes) != len(partition):
        raise ValueError(f"{len(zone_codes)} zones pour {len(partition)} personnes classées : "
                         "la répartition ne correspond pas aux réponses.")
    if profiles < 1:
        raise ValueError("Le nombre de profils doit être au moins 1.")
    outside = [p for p in partition if not 1 <= int(p) <= profiles]
    if outside:
        raise ValueError(f"Profil {outside[0]} hors de 1 à {profiles}.")
    per_zone: dict[str | None, Counter] = {}
    for code, profile in zip(zone_codes, partition, strict=True):
        per_zone.setdefault(code or None, Counter())[int(profile)] += 1

    def line(code: str, counter: Counter) -> ZoneProfiles:
        total = sum(counter.values())
        counts = tuple(counter.get(k, 0) for k in range(1, profiles + 1))
        return ZoneProfiles(code, total, counts, hidden=total < threshold)

    apart = line("", per_zone.pop(None, Counter()))
    zones = tuple(line(code, per_zone[code]) for code in sorted(per_zone))
    return ProfileZones(profiles, zones, apart, threshold)
