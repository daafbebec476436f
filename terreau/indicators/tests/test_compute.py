"""Indicator values per zone and for larger zones: sums of components, then the formula."""

import numpy as np
import pytest

from terreau.indicators.compute import (
    Reason,
    Table,
    group_values,
    rank,
    selection_values,
    zone_values,
)
from terreau.indicators.formula import parse

NAN = np.nan
RATE = parse("taux(chom, act)")
ADDITIVE = {"chom": True, "act": True, "med": False}


def _table(**columns) -> Table:
    values = {(name, None): np.asarray(v, dtype=float) for name, v in columns.items()}
    reasons = {key: np.where(np.isnan(v), Reason.SECRET, 0).astype(np.uint8)
               for key, v in values.items()}
    return Table(values, reasons, len(next(iter(values.values()))))


def test_a_zone_lacking_an_input_gets_that_inputs_reason():
    table = _table(chom=[10, NAN, 5, 0], act=[100, 50, 0, 0])
    result = zone_values(RATE, table)
    np.testing.assert_array_equal(result.values, [10.0, NAN, NAN, NAN])
    assert list(result.reasons) == [Reason.VALUE, Reason.SECRET, Reason.UNDEFINED,
                                    Reason.UNDEFINED]


def test_a_rate_for_a_departement_is_the_ratio_of_summed_counts_not_a_mean_of_rates():
    # Two communes: 10/100 (10 %) and 90/300 (30 %). Mean of rates: 20 %; true rate: 25 %.
    table = _table(chom=[10, 90], act=[100, 300])
    summed, result = group_values(RATE, table, np.array([0, 0]), 1, additive=ADDITIVE)
    assert result.values[0] == pytest.approx(25.0)
    assert summed.values[("chom", None)][0] == 100 and summed.children[0] == 2


def test_one_secret_commune_makes_its_departement_incomplete_not_under_counted():
    table = _table(chom=[10, NAN, 30, 5], act=[100, 50, 300, 50])
    groups = np.array([0, 0, 1, 1])
    _, result = group_values(RATE, table, groups, 2, additive=ADDITIVE)
    assert np.isnan(result.values[0]) and result.reasons[0] == Reason.INCOMPLETE
    assert list(result.incomplete) == [1, 0] and list(result.children) == [2, 2]
    assert result.values[1] == pytest.approx(35 / 350 * 100)


def test_zones_absorbed_by_a_merged_commune_are_left_out_of_the_sums():
    table = _table(chom=[10, NAN, 30], act=[100, NAN, 300])
    absorbed = np.array([False, True, False])
    _, result = group_values(RATE, table, np.zeros(3, dtype=int), 1, additive=ADDITIVE,
                             absorbed=absorbed)
    assert result.values[0] == pytest.approx(10.0) and result.children[0] == 2


def test_zones_without_parent_and_parents_without_children():
    table = _table(chom=[10, 20], act=[100, 100])
    _, result = group_values(RATE, table, np.array([0, -1]), 2, additive=ADDITIVE)
    assert result.values[0] == pytest.approx(10.0)
    assert result.reasons[1] == Reason.NO_CHILDREN


def test_a_median_does_not_add_up_unless_the_data_gives_the_larger_zone():
    formula = parse("med / 12")
    table = _table(med=[21000, 18000])
    _, result = group_values(formula, table, np.array([0, 0]), 1, additive=ADDITIVE)
    assert np.isnan(result.values[0]) and result.reasons[0] == Reason.NOT_ADDITIVE
    provided = _table(med=[19800])
    _, result = group_values(formula, table, np.array([0, 0]), 1, additive=ADDITIVE,
                             provided=provided)
    assert result.values[0] == pytest.approx(1650.0) and result.reasons[0] == Reason.VALUE


def test_given_totals_win_over_sums_even_when_a_child_is_secret():
    table = _table(chom=[10, NAN], act=[100, 50])
    provided = _table(chom=[12], act=[NAN])
    _, result = group_values(RATE, table, np.array([0, 0]), 1, additive=ADDITIVE,
                             provided=provided)
    assert result.values[0] == pytest.approx(8.0)


def test_levels_chain_up_a_missing_commune_makes_the_region_incomplete():
    communes = _table(chom=[10, 20, 30, NAN], act=[100, 100, 100, 100])
    departements, dep_values = group_values(RATE, communes, np.array([0, 0, 1, 1]), 2,
                                            additive=ADDITIVE)
    _, region = group_values(RATE, departements, np.array([0, 0]), 1, additive=ADDITIVE)
    assert dep_values.values[0] == pytest.approx(15.0)
    assert region.reasons[0] == Reason.INCOMPLETE and region.incomplete[0] == 1


def test_the_selection_is_the_aggregate_of_the_chosen_zones():
    table = _table(chom=[10, 20, 300], act=[100, 100, 1000])
    result = selection_values(RATE, table, np.array([True, True, False]), additive=ADDITIVE)
    assert result.values[0] == pytest.approx(15.0)


def test_evolution_of_a_departement_uses_summed_populations():
    formula = parse("evolution(pop, 2013, 2018)")
    values = {("pop", "2013"): np.array([100.0, 300.0]), ("pop", "2018"): np.array([50.0, 390.0])}
    reasons = {key: np.zeros(2, dtype=np.uint8) for key in values}
    table = Table(values, reasons, 2)
    _, result = group_values(formula, table, np.array([0, 0]), 1, additive={"pop": True})
    assert result.values[0] == pytest.approx(((440 / 400) ** 0.2 - 1) * 100)


def test_ranks_put_the_largest_first_share_ties_and_skip_missing_values():
    assert list(rank(np.array([5.0, NAN, 9.0, 5.0, 1.0]))) == [2, 0, 1, 2, 4]


def test_a_table_restricted_to_some_zones():
    table = _table(chom=[1, 2, 3], act=[4, 5, 6])
    part = table.take(np.array([True, False, True]))
    assert part.size == 2 and list(part.values[("act", None)]) == [4, 6]
