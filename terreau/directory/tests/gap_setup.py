"""Fixtures of the gap map tests: real communes of Indre-et-Loire with the real unemployment
rate (the atlas fixtures' `chomage`), a few digital-help services placed by hand, and a gap
map of the group tours-insertion made by its steward.

The services cover Tours (by commune), the Tours metropolis communes Joué-lès-Tours and
Saint-Pierre-des-Corps (by commune list), Amboise (a service without eligibility, counted
within 15 km) and a closed one that must not count. The commune of highest unemployment is
left uncovered so that it heads the table.
"""

import datetime
import itertools

import pytest

from terreau.directory.gap_publish import gap_map_create
from terreau.directory.gap_queries import GapSpec
from terreau.directory.models import Service, Structure
from terreau.indicators.queries import indicator_values

_numbers = itertools.count(1)
SPEC = GapSpec(theme="numerique", need={"kind": "indicator", "indicator": "chomage"},
               level="commune", within="37")


def service_make(*, code: str, lon: float | None, lat: float | None,
                 thematiques=("numerique--acceder-a-une-connexion-internet",),
                 eligibility=(), closed: bool = False) -> Service:
    n = next(_numbers)
    today = datetime.date(2026, 1, 5)
    structure = Structure.objects.create(
        source="tests", source_id=f"s{n}", nom=f"Lieu numérique {n}", code_insee=code,
        longitude=lon, latitude=lat, date_maj=today,
        closed_on=today if closed else None)
    return Service.objects.create(structure=structure, source="tests", source_id=f"v{n}",
                                  nom=f"Aide numérique {n}", thematiques=list(thematiques),
                                  zone_eligibilite=list(eligibility), date_maj=today)


def highest_need(indicator, user) -> tuple[str, float]:
    rows = indicator_values(indicator, level="commune", within="37", user=user).rows
    best = max((row for row in rows if row.value is not None), key=lambda row: row.value)
    return best.code, best.value


@pytest.fixture
def gap_services(chomage, steward):
    worst, _ = highest_need(chomage, steward)
    assert worst not in ("37261", "37122", "37233", "37003")
    return [
        service_make(code="37261", lon=0.6848, lat=47.3941, eligibility=["37261"]),
        service_make(code="37122", lon=0.6636, lat=47.3522,
                     eligibility=["37122", "37233"]),
        service_make(code="37003", lon=0.9826, lat=47.4125, eligibility=[]),
        service_make(code="37261", lon=0.69, lat=47.39, thematiques=["mobilite--x"],
                     eligibility=["37"]),
        service_make(code="37261", lon=0.69, lat=47.39, eligibility=["37"], closed=True),
    ]


@pytest.fixture
def gap_map(gap_services, tours_group, steward):
    made, _, _ = gap_map_create(group=tours_group, title="Aide au numérique", spec=SPEC,
                                user=steward)
    return made
