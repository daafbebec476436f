"""`terreau demo` also loads real INSEE statistics, indicators and an example inventory."""

import numpy as np
import pytest

from terreau.catalog.choices import DataStatus
from terreau.catalog.models import (
    DataHolder,
    Dataset,
    DatasetVersion,
    HolderRequest,
    InventoryItem,
    Variable,
)
from terreau.core.demo import Output
from terreau.core.demo_stats import INDICATORS, demo_stats_load
from terreau.indicators.models import Indicator
from terreau.indicators.values import series_read, values_compute
from terreau.territory.models import Zone, ZoneAlias

pytestmark = pytest.mark.django_db

DATASETS = {"insee-comparateur-2022-rp", "insee-comparateur-2022-filosofi",
            "insee-populations-legales-2021", "insee-filosofi-iris-2019"}


def value(slug: str, period: str, code: str, level: str = "commune") -> float:
    """The imported value of variable `slug` for zone `code`."""
    zone_ids, values, _ = series_read(Variable.objects.get(slug=slug), period)
    zone = Zone.objects.get(level=level, code=code)
    return float(values[list(zone_ids).index(zone.pk)])


def commune_sum(slug: str, period: str, departement: str) -> float:
    zone_ids, values, _ = series_read(Variable.objects.get(slug=slug), period)
    ids = set(Zone.objects.filter(level="commune", code__startswith=departement)
              .values_list("pk", flat=True))
    return float(np.nansum([v for z, v in zip(zone_ids, values, strict=True) if z in ids]))


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in (
        Dataset, DatasetVersion, Variable, Indicator, DataHolder, InventoryItem, HolderRequest,
        ZoneAlias)}


def test_demo_loads_real_statistics_indicators_and_inventory_once(
        run_cli, shared_data, closed_url, settings):
    settings.TERREAU_IGN_WFS_URL = closed_url
    code, out, err = run_cli("demo", "--no-serve", "--data", str(shared_data))
    assert code == 0, err
    assert "Statistiques INSEE : 4 jeux de données, 12 indicateurs." in out

    # The INSEE statistics; the groups' own data (published profiles, offers) are theirs.
    statistics = Dataset.objects.filter(owner_group=None)
    assert set(statistics.values_list("slug", flat=True)) == DATASETS
    assert set(statistics.values_list("sensitivity", flat=True)) == {"open"}
    insee = DataHolder.objects.get(name="INSEE")
    assert (insee.kind, insee.licence) == ("state", "Licence Ouverte / Etalab 2.0")
    assert "insee.fr" in insee.website
    assert set(statistics.values_list("holder__name", flat=True)) == {"INSEE"}
    assert set(Dataset.objects.exclude(owner_group=None).values_list(
        "sensitivity", flat=True)) <= {"group"}

    # Real figures of Tours (37261), read in the files (MANIFEST.md gives PMUN).
    assert value("pmun", "2021", "37261") == 137658
    assert value("p18_pop", "2018", "37261") == 136463
    assert value("med19", "2019", "37261") == 20210
    assert value("tp6019", "2019", "37261") == 21
    assert value("dec_med19", "2019", "372610101", level="iris") == 23670  # Centre 1

    # Every indicator computes; the département's rate is the ratio of summed counts.
    assert Indicator.objects.filter(owner_group=None).count() == len(INDICATORS) == 12
    for indicator in Indicator.objects.filter(owner_group=None):
        level = "iris" if "iris" in indicator.slug else "commune"
        result = values_compute(indicator, level=level, within="37261" if level == "iris"
                                else "37")
        assert result.with_value > 0, indicator.slug
    chomage = values_compute(Indicator.objects.get(slug="taux-chomage-15-64"),
                             level="commune", within="37")
    tours = next(row.value for row in chomage.rows if row.code == "37261")
    assert 5 < tours < 30
    departement = next(ref.value for ref in chomage.references if ref.code == "37")
    expected = (100 * commune_sum("p18_chom1564", "2018", "37")
                / commune_sum("p18_act1564", "2018", "37"))
    assert departement == pytest.approx(expected, rel=1e-9)

    # The example inventory of the Tours group: every status, holders, one request.
    items = InventoryItem.objects.filter(group__slug="tours-insertion")
    assert set(items.values_list("status", flat=True)) == set(DataStatus.values)
    assert items.filter(dataset__isnull=False).count() >= 3
    assert {"CAF Touraine", "CPAM d'Indre-et-Loire", "Ville de Tours / CCAS"} <= set(
        DataHolder.objects.values_list("name", flat=True))
    assert not DataHolder.objects.exclude(email="").exists()
    request = HolderRequest.objects.get()
    assert request.sent_on and request.status == "pending"

    before = counts()
    code, out, err = run_cli("demo", "--no-serve", "--data", str(shared_data))
    assert code == 0, err
    assert counts() == before
    assert "déjà importé" in out
    assert not DatasetVersion.objects.exclude(number=1).exists()


def test_without_statistics_files_the_demo_says_so_and_goes_on(tmp_path):
    lines = []
    report = demo_stats_load(data_dir=tmp_path, out=Output(write=lines.append))
    assert report.skipped and not report.datasets
    assert any("Statistiques INSEE non chargées" in line for line in lines)
    assert not Dataset.objects.exists()

    lines.clear()
    demo_stats_load(data_dir=None, out=Output(write=lines.append))
    assert any("pas de dossier de données" in line for line in lines)
