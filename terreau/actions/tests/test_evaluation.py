"""Services of the evaluation rounds: numbering, values taken from the catalogue (real INSEE
population of Tours), typed values when the catalogue has none, levers and obstacles,
verdicts, and concluding a round (statuses changed with the round as evidence)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from terreau.actions.choices import Decision, FactorKind, FactorTheme
from terreau.actions.evaluation import (
    CATALOGUE,
    TYPED,
    EvaluationError,
    FactorInput,
    VerdictInput,
    WatchedInput,
    catalogue_periods,
    catalogue_value,
    evidence_label,
    indicators_offered,
    round_conclude,
    round_save,
    watched_rows,
)
from terreau.actions.models import EvaluationRound, Verdict
from terreau.scenarios.choices import Status
from terreau.territory.models import Zone

from .evaluation_fixtures import *  # noqa: F403
from .evaluation_fixtures import TOURS

FIELDS = {"held_on": date(2026, 3, 12), "what_happened": "Dix permanences tenues.",
          "decision": Decision.CONTINUE, "decision_note": "Les jeunes viennent."}


def confirm(hypothesis):
    return [VerdictInput(hypothesis, Status.CONFIRMED, "Trente jeunes reçus en six mois.")]


def test_rounds_are_numbered_one_after_the_other(bare_action, fanny):
    first = round_save(action=bare_action, by=fanny, fields=FIELDS)
    second = round_save(action=bare_action, by=fanny, fields=FIELDS)
    assert (first.number, second.number) == (1, 2)
    assert second.get_absolute_url() == "/actions/forum-emploi/evaluations/2/"


def test_values_before_and_after_are_taken_from_the_catalogue(action, fanny, population,
                                                              tours, tours_population):
    assert catalogue_periods(population) == ["2013", "2018"]
    assert catalogue_value(population, tours, "2018", user=fanny) == tours_population["2018"]
    # A typed value is replaced by the catalogue's when the catalogue has one.
    round = round_save(action=action, by=fanny, fields=FIELDS, indicators=[WatchedInput(
        population, tours, before_period="2013", before_value=1.0, after_period="2018")])
    watched = round.indicators.get()
    assert watched.before_value == tours_population["2013"]
    assert watched.after_value == tours_population["2018"]
    [row] = watched_rows(round)
    assert row["before_source"] == row["after_source"] == CATALOGUE
    assert row["change"] == pytest.approx(tours_population["2018"] - tours_population["2013"])


def test_a_larger_zone_gets_the_value_of_its_communes(action, fanny, population):
    departement = Zone.objects.get(level="departement", code="37")
    action.zones.add(departement)
    value = catalogue_value(population, departement, "2018", user=fanny)
    assert value is not None and value > 600_000  # Indre-et-Loire: about 610,000 people


def test_a_value_is_typed_when_the_catalogue_has_none(action, fanny, population, tours,
                                                      tours_population):
    round = round_save(action=action, by=fanny, fields=FIELDS, indicators=[WatchedInput(
        population, tours, before_period="2018", after_period="mars 2026",
        after_value=138_000.0, note="Chiffre de la mairie")])
    [row] = watched_rows(round)
    assert row["watched"].after_value == 138_000.0
    assert (row["before_source"], row["after_source"]) == (CATALOGUE, TYPED)
    assert row["change"] == pytest.approx(138_000.0 - tours_population["2018"])


def test_a_typed_value_needs_its_date(action, fanny, population, tours):
    with pytest.raises(EvaluationError, match="Indicateur 1 .*date de la valeur « après »"):
        round_save(action=action, by=fanny, fields=FIELDS, indicators=[
            WatchedInput(population, tours, after_value=5.0)])
    assert not EvaluationRound.objects.exists()  # all or nothing


def test_a_zone_outside_the_action_is_refused(action, fanny, population):
    blois = Zone.objects.filter(level="commune").exclude(code=TOURS).first()
    with pytest.raises(EvaluationError, match="n'est pas une zone de l'action"):
        round_save(action=action, by=fanny, fields=FIELDS,
                   indicators=[WatchedInput(population, blois, before_period="2018")])


def test_group_data_stays_out_of_a_shared_action(action, fanny, population, data_dir, group):
    from terreau.catalog.choices import Sensitivity
    from terreau.indicators.services import indicator_create
    from terreau.indicators.tests.factories import dataset_make

    dataset_make(data_dir, slug="tours", sensitivity=Sensitivity.GROUP, owner_group=group)
    own = indicator_create(slug="pop-groupe", label="Population (groupe)",
                           formula="tours.pop", kind="count", user=fanny)
    assert action.shared
    assert list(indicators_offered(action, fanny)) == [population]
    action.shared = False
    action.save()
    assert set(indicators_offered(action, fanny)) == {population, own}


def test_levers_obstacles_and_verdicts_are_checked(bare_action, fanny, hypothesis):
    round = round_save(action=bare_action, by=fanny, fields=FIELDS, factors=[
        FactorInput(FactorKind.LEVER, FactorTheme.PARTNERSHIP, "La Mission locale est venue."),
        FactorInput(FactorKind.OBSTACLE, FactorTheme.MEANS, "Pas de salle le mardi.")],
        verdicts=confirm(hypothesis))
    assert round.factors.count() == 2 and round.verdicts.count() == 1
    with pytest.raises(EvaluationError, match="Levier ou frein 1 : décrivez-le"):
        round_save(action=bare_action, by=fanny, round=round, fields=FIELDS,
                   factors=[FactorInput(FactorKind.LEVER, FactorTheme.OTHER, "  ")])
    with pytest.raises(EvaluationError, match="dites pourquoi"):
        round_save(action=bare_action, by=fanny, round=round, fields=FIELDS,
                   verdicts=[VerdictInput(hypothesis, Status.REFUTED, "")])
    assert round.factors.count() == 2  # the failed saves changed nothing


def test_only_editors_save_a_round(bare_action, olga, mehdi):
    with pytest.raises(PermissionDenied):
        round_save(action=bare_action, by=olga, fields=FIELDS)
    with pytest.raises(PermissionDenied):  # a member of the group, not of the action
        round_save(action=bare_action, by=mehdi, fields=FIELDS)


def test_conclude_applies_the_verdicts_with_the_round_as_evidence(bare_action, fanny,
                                                                  hypothesis):
    round = round_save(action=bare_action, by=fanny, fields=FIELDS,
                       verdicts=confirm(hypothesis))
    [change] = round_conclude(round=round, by=fanny)
    hypothesis.refresh_from_db()
    round.refresh_from_db()
    assert hypothesis.status == Status.CONFIRMED
    assert change.evidence_url == round.get_absolute_url()
    assert change.evidence_label == evidence_label(round)
    assert change.evidence_label == "Évaluation 1 de l'action « Forum de l'emploi »"
    assert Verdict.objects.get().status_change == change
    assert round.concluded_at is not None and round.concluded_by == fanny
    with pytest.raises(EvaluationError, match="ne se modifie plus"):
        round_save(action=bare_action, by=fanny, round=round, fields=FIELDS)
    with pytest.raises(EvaluationError, match="déjà conclu"):
        round_conclude(round=round, by=fanny)


def test_deciding_to_stop_stops_the_action(bare_action, fanny):
    round = round_save(action=bare_action, by=fanny, fields={**FIELDS, "decision": Decision.STOP})
    round_conclude(round=round, by=fanny)
    bare_action.refresh_from_db()
    assert bare_action.status == "arretee"


def test_conclude_needs_a_decision(bare_action, fanny):
    round = round_save(action=bare_action, by=fanny, fields={**FIELDS, "decision": ""})
    with pytest.raises(EvaluationError, match="Indiquez la décision"):
        round_conclude(round=round, by=fanny)
    round.refresh_from_db()
    assert round.concluded_at is None


def test_conclude_refuses_a_hypothesis_the_person_may_not_change(bare_action, fanny, mehdi,
                                                                 hypothesis):
    bare_action.members.create(user=mehdi)
    round = round_save(action=bare_action, by=mehdi, fields=FIELDS,
                       verdicts=confirm(hypothesis))
    with pytest.raises(PermissionDenied, match="Les jeunes du nord ne connaissent pas"):
        round_conclude(round=round, by=mehdi)
    hypothesis.refresh_from_db()
    round.refresh_from_db()
    assert hypothesis.status == Status.TO_CHECK and round.concluded_at is None


def test_conclude_is_all_or_nothing(bare_action, fanny, hypothesis, scenario):
    from terreau.scenarios.models import Hypothesis

    second = Hypothesis.objects.create(scenario=scenario, created_by=fanny,
                                       statement="Les horaires ne conviennent pas.",
                                       status=Status.REFUTED)
    bare_action.hypotheses.add(second)
    round = round_save(action=bare_action, by=fanny, fields=FIELDS, verdicts=[
        *confirm(hypothesis), VerdictInput(second, Status.REFUTED, "Déjà infirmée.")])
    with pytest.raises(EvaluationError, match="Les horaires ne conviennent pas.*déjà"):
        round_conclude(round=round, by=fanny)
    hypothesis.refresh_from_db()
    assert hypothesis.status == Status.TO_CHECK and not hypothesis.changes.exists()
