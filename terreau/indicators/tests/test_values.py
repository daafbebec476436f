"""Indicator values on INSEE's real counts for Indre-et-Loire, checked against pandas."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from terreau.catalog.choices import Sensitivity
from terreau.catalog.queries import VariableLookupError, variable_resolve
from terreau.indicators.queries import indicator_values
from terreau.indicators.services import indicator_create, indicator_update
from terreau.indicators.values import IndicatorUnavailable
from terreau.territory.models import ZoneAlias

from .factories import comparateur_read, dataset_make


@pytest.fixture
def chomage(comparateur, steward):
    return indicator_create(slug="chomage", label="Taux de chômage des 15-64 ans",
                            formula="taux(chomeurs, actifs)", unit="%", user=steward)


def _dep37(data_dir):
    table = comparateur_read(data_dir)
    return table[table.CODGEO.str.startswith("37")]


def test_a_communes_rate_is_its_own_ratio_and_the_departement_the_ratio_of_sums(
        chomage, steward, data_dir):
    result = indicator_values(chomage, level="commune", within="37", user=steward)
    table = _dep37(data_dir)
    assert result.period == "2018" and result.periods == ("2018",)
    assert len(result.rows) == 272
    tours = next(row for row in result.rows if row.code == "37261")
    expected = table.set_index("CODGEO").loc["37261"]
    assert tours.value == pytest.approx(expected.P18_CHOM1564 / expected.P18_ACT1564 * 100)
    assert tours.parents == ("37", "24")
    references = {row.level: row for row in result.references}
    dep_rate = table.P18_CHOM1564.sum() / table.P18_ACT1564.sum() * 100
    assert references["departement"].value == pytest.approx(dep_rate)
    assert references["selection"].value == pytest.approx(dep_rate)
    mean_of_rates = (table.P18_CHOM1564 / table.P18_ACT1564).mean() * 100
    assert abs(mean_of_rates - dep_rate) > 0.1  # the two really differ on real data
    # The région holds only Indre-et-Loire's communes here: the others lack values.
    assert references["region"].value is None
    assert references["region"].reason.startswith("incomplet")


def test_ranks_put_the_highest_rate_first(chomage, steward, data_dir):
    result = indicator_values(chomage, level="commune", within="37", user=steward)
    table = _dep37(data_dir)
    rates = table.P18_CHOM1564 / table.P18_ACT1564
    top = table.CODGEO.iloc[int(np.argmax(rates.to_numpy()))]
    assert next(row for row in result.rows if row.rank == 1).code == top


def test_a_secret_commune_makes_its_departement_unavailable_and_says_so(
        cvl_zones, data_dir, steward):
    dataset_make(data_dir, slug="avec-secret", secret={"P18_CHOM1564": ["37261"]})
    indicator = indicator_create(slug="chomage-s", label="Chômage", formula="taux(chomeurs, "
                                 "actifs)", user=steward)
    result = indicator_values(indicator, level="commune", within="37", user=steward)
    tours = next(row for row in result.rows if row.code == "37261")
    assert tours.value is None and tours.reason == "secret statistique"
    dep = next(row for row in result.references if row.level == "departement")
    assert dep.value is None
    assert dep.reason == "incomplet : 1 commune sur 272 sans valeur"


def test_a_median_is_not_summed_unless_the_data_gives_the_departement(
        cvl_zones, data_dir, steward):
    dataset_make(data_dir, slug="revenus", extra_rows={("departement", "37"): {"MED19": 21870.0}})
    indicator = indicator_create(slug="mediane", label="Revenu médian", formula="revenus.med",
                                 unit="€", kind="median", decimals=0, user=steward)
    result = indicator_values(indicator, level="commune", within="37", user=steward)
    references = {row.level: row for row in result.references}
    assert references["departement"].value == 21870.0
    assert references["region"].value is None
    assert "ne s'additionne pas" in references["region"].reason
    assert "ne s'additionne pas" in references["selection"].reason


def test_communes_merged_since_the_contours_are_left_out_not_counted_missing(
        cvl_zones, data_dir, steward):
    """37001 has no row in this table, and the COG says it now belongs to 37002."""
    dataset_make(data_dir, slug="fusion", drop=("37001",))
    indicator = indicator_create(slug="chomage-f", label="Chômage",
                                 formula="taux(chomeurs, actifs)", user=steward)
    result = indicator_values(indicator, level="commune", within="37", user=steward)
    dep = next(row for row in result.references if row.level == "departement")
    assert dep.value is None and dep.reason == "incomplet : 1 commune sur 272 sans valeur"
    ZoneAlias.objects.create(code="37001", target_code="37002", kind="merged", vintage=2024)
    indicator.save()  # a new updated_at: a new cache key
    result = indicator_values(indicator, level="commune", within="37", user=steward)
    dep = next(row for row in result.references if row.level == "departement")
    assert dep.value is not None
    row = next(row for row in result.rows if row.code == "37001")
    assert row.value is None and row.reason == "zone absente des données"


def test_evolution_of_the_population_between_two_censuses(comparateur, steward, data_dir):
    indicator = indicator_create(slug="evol-pop", label="Évolution de la population",
                                 formula="evolution(pop, 2013, 2018)", unit="% par an",
                                 kind="rate", decimals=2, user=steward)
    result = indicator_values(indicator, level="commune", within="37", user=steward)
    table = _dep37(data_dir)
    dep = next(row for row in result.references if row.level == "departement")
    expected = ((table.P18_POP.sum() / table.P13_POP.sum()) ** (1 / 5) - 1) * 100
    assert dep.value == pytest.approx(expected)


def test_unknown_period_or_territory_is_told_in_french(chomage, steward):
    with pytest.raises(IndicatorUnavailable, match="Période inconnue : 2030"):
        indicator_values(chomage, level="commune", period="2030", user=steward)
    with pytest.raises(IndicatorUnavailable, match="Territoire inconnu"):
        indicator_values(chomage, level="commune", within="99", user=steward)


def test_values_are_cached_until_the_indicator_changes(chomage, steward,
                                                       django_assert_max_num_queries):
    first = indicator_values(chomage, level="commune", within="37", user=steward)
    with django_assert_max_num_queries(4):
        again = indicator_values(chomage, level="commune", within="37", user=steward)
    assert again == first
    indicator_update(indicator=chomage, user=steward, formula="pour_mille(chomeurs, actifs)")
    changed = indicator_values(chomage, level="commune", within="37", user=steward)
    assert changed.references[0].value == pytest.approx(first.references[0].value * 10)


# ---- Creation: checks and permissions ---------------------------------------------------


def test_creating_needs_the_right_to_manage_indicators(comparateur, tours_member):
    with pytest.raises(PermissionDenied):
        indicator_create(slug="x", label="X", formula="taux(chomeurs, actifs)",
                         user=tours_member)


def test_the_variables_used_are_stored(chomage):
    assert sorted(chomage.variables.values_list("slug", flat=True)) == ["actifs", "chomeurs"]


@pytest.mark.parametrize("formula, message", [
    ("taux(chomeurs, actif)", "Variable inconnue : « actif ». Vouliez-vous dire actifs ?"),
    ("taux(chomeurs, actifs", "parenthèse fermante attendue"),
    ("import(os)", "n'est pas une fonction connue"),
])
def test_a_faulty_formula_is_refused_with_its_position(comparateur, facilitator, formula,
                                                        message):
    with pytest.raises(ValidationError) as caught:
        indicator_create(slug="x", label="X", formula=formula, user=facilitator)
    assert message in caught.value.message_dict["formula"][0]
    assert caught.value.message_dict["formula"][0].startswith("Ligne 1, colonne")


def test_a_variable_in_two_datasets_must_be_qualified(comparateur, data_dir, facilitator):
    dataset_make(data_dir, slug="copie")
    with pytest.raises(VariableLookupError, match="Écrivez comparateur.chomeurs ou copie"):
        variable_resolve("chomeurs", facilitator)
    assert variable_resolve("copie.chomeurs", facilitator).dataset.slug == "copie"


def test_a_formula_cannot_name_a_variable_the_user_cannot_see(cvl_zones, data_dir, other_group,
                                                              facilitator):
    dataset_make(data_dir, slug="blois", sensitivity=Sensitivity.GROUP, owner_group=other_group)
    with pytest.raises(ValidationError, match="Variable inconnue"):
        indicator_create(slug="x", label="X", formula="taux(chomeurs, actifs)",
                         user=facilitator)


def test_a_slug_is_unique_and_decimals_are_bounded(chomage, steward):
    with pytest.raises(ValidationError) as caught:
        indicator_create(slug="chomage", label="X", formula="ratio(chomeurs, actifs)",
                         user=steward)
    assert "slug" in caught.value.message_dict
    with pytest.raises(ValidationError, match="décimales"):
        indicator_create(slug="y", label="Y", formula="ratio(chomeurs, actifs)", decimals=9,
                         user=steward)


def test_a_group_indicator_is_only_given_to_a_group_of_the_author(comparateur, steward,
                                                                  other_group):
    with pytest.raises(ValidationError, match="Vous ne faites pas partie du groupe"):
        indicator_create(slug="x", label="X", formula="ratio(chomeurs, actifs)",
                         owner_group=other_group, user=steward)
