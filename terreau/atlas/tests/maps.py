"""Fixtures of the atlas and scenarios tests (a plugin the root conftest loads): real INSEE
values of Indre-et-Loire, indicators, people per role.

Zones: `cvl_zones` (root conftest) loads région 24, its départements, the 272 communes of
Indre-et-Loire and the IRIS of Tours (no values at IRIS level). Request `cher_communes` too to
add the 287 communes of the Cher (Vierzon is 18279): the comparateur then covers both.

Indicators (all computed from the comparateur's real 2013/2018 values):
- `chomage`: rate, "taux(chomeurs, actifs)", %, higher is worse (open data);
- `population`: count, "pop", habitants, periods 2013 and 2018 (open data);
- `revenu_median`: median, "med", €, higher is better (open data);
- `chomage_groupe`: the rate from a dataset of the group "tours-insertion" only;
- `chomage_restreint`: the rate from restricted data, seen by `steward` only (audited);
- `indicateur_secret`: every commune's value is a statistical secret (all values missing);
- `peu_de_valeurs`: min(établissements agricoles, 2): only 3 distinct values.
Territory drawn by tours-insertion: `agglo_tours` ("Agglomération de Tours", five communes,
`dans=agglo_tours.within_param`, i.e. "vecu:<pk>"), seen by its members only.
People: `tours_member` (member of tours-insertion), `steward` (its steward, may create
indicators and sees the restricted data), `outsider` (member of another group), and the root
conftest's `member` (no group). All have the password `testing.PASSWORD` for browser sign-in.
"""

import pytest

from terreau.accounts.services import group_territory_create
from terreau.catalog.choices import Sensitivity
from terreau.core import testing
from terreau.core.tests.fixtures import run_cli  # noqa: F401
from terreau.indicators.services import indicator_create
from terreau.indicators.tests.factories import (
    comparateur_read,
    dataset_make,
)
from terreau.territory.models import Zone

AROUND_TOURS = ("37261", "37122", "37214", "37233", "37195")  # Tours and four neighbours
CHOMAGE = {"P18_CHOM1564": ("chomeurs", "count", "2018"),
           "P18_ACT1564": ("actifs", "count", "2018")}


@pytest.fixture
def cher_communes(cvl_zones, data_dir):
    """The 287 communes of the Cher (with contours), beside those of Indre-et-Loire."""
    testing.load_zones_from_geojson(data_dir / "geo" / "communes-18-cher.geojson", "commune")


@pytest.fixture
def comparateur(request, cvl_zones, data_dir):
    """The comparateur's real counts and medians (open) for the communes loaded."""
    if "cher_communes" in request.fixturenames:  # its zones must exist before the values
        request.getfixturevalue("cher_communes")
    return dataset_make(data_dir)


@pytest.fixture
def chomage(comparateur, steward):
    return indicator_create(slug="chomage", label="Taux de chômage", unit="%",
                            formula="taux(comparateur.chomeurs, comparateur.actifs)",
                            direction="worse", definition="Chômeurs de 15 à 64 ans parmi "
                            "les actifs de 15 à 64 ans.", user=steward)


@pytest.fixture
def population(comparateur, steward):
    return indicator_create(slug="population", label="Population", unit="habitants",
                            formula="comparateur.pop", kind="count", decimals=0, user=steward)


@pytest.fixture
def revenu_median(comparateur, steward):
    return indicator_create(slug="revenu-median", label="Revenu médian", unit="€",
                            formula="comparateur.med", kind="median", decimals=0,
                            direction="better", user=steward)


@pytest.fixture
def atlas_indicators(chomage, population, revenu_median):
    """The three open indicators, by slug."""
    return {i.slug: i for i in (chomage, population, revenu_median)}


@pytest.fixture
def chomage_groupe(cvl_zones, data_dir, tours_group, steward):
    dataset_make(data_dir, slug="tours", columns=CHOMAGE, sensitivity=Sensitivity.GROUP,
                 owner_group=tours_group)
    return indicator_create(slug="chomage-tours", label="Chômage (groupe)", unit="%",
                            formula="taux(tours.chomeurs, tours.actifs)", owner_group=tours_group,
                            user=steward)


@pytest.fixture
def chomage_restreint(cvl_zones, data_dir, steward):
    dataset = dataset_make(data_dir, slug="restreint", columns=CHOMAGE,
                           sensitivity=Sensitivity.RESTRICTED)
    dataset.stewards.add(steward)
    return indicator_create(slug="chomage-restreint", label="Chômage (restreint)", unit="%",
                            formula="taux(restreint.chomeurs, restreint.actifs)", user=steward)


@pytest.fixture
def indicateur_secret(cvl_zones, data_dir, steward):
    """An indicator whose every commune value is a statistical secret."""
    codes = list(Zone.objects.filter(level="commune").values_list("code", flat=True))
    known = set(comparateur_read(data_dir)["CODGEO"])
    dataset_make(data_dir, slug="secret", columns={"P18_POP": ("pop", "count", "2018")},
                 secret={"P18_POP": [c for c in codes if c in known]})
    return indicator_create(slug="population-secrete", label="Population (secret)",
                            formula="secret.pop", kind="count", decimals=0, user=steward)


@pytest.fixture
def peu_de_valeurs(cvl_zones, data_dir, steward):
    """min(agricultural establishments, 2): values 0, 1 and 2 only."""
    dataset_make(data_dir, slug="etablissements",
                 columns={"ETAZ18": ("agricoles", "count", "2018")})
    return indicator_create(slug="agricoles-plafonnes", label="Établissements agricoles (max 2)",
                            formula="min(etablissements.agricoles, 2)", kind="count",
                            decimals=0, user=steward)


@pytest.fixture
def member_api(client, tours_member):
    """A test client signed in as a member of tours-insertion."""
    client.force_login(tours_member)
    return client


@pytest.fixture
def agglo_tours(cvl_zones, tours_group, tours_member):
    """The group's own territory "Agglomération de Tours": Tours and four communes around."""
    ids = list(Zone.objects.filter(level="commune", code__in=AROUND_TOURS)
               .values_list("pk", flat=True))
    return group_territory_create(group=tours_group, name="Agglomération de Tours",
                                  zone_ids=ids, user=tours_member)
