"""Targets: the checks (in French), who may set them, the progress and the late rule at
chosen dates, per project year and over the whole project, and the instance's targets."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from terreau.monitoring.choices import Metric, SessionType
from terreau.monitoring.models import GroupCalendar, Target
from terreau.monitoring.targets import (
    TargetError,
    already_counted,
    target_create,
    target_delete,
    target_move,
    target_progress,
    target_record_done,
    target_update,
    targets_of,
)

from .factories import session_make

pytestmark = pytest.mark.django_db


def sessions_target(group, by, value=10, year=1, **fields):
    return target_create(group=group, by=by, label="Tenir des séances", unit="séances",
                         value=value, metric=Metric.SESSIONS, year=year, **fields)


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"label": " "}, "label", "Indiquez l'objectif"),
    ({"unit": ""}, "unit", "Indiquez l'unité"),
    ({"value": "0"}, "value", "plus grande que 0"),
    ({"value": "-3"}, "value", "plus grande que 0"),
    ({"value": "beaucoup"}, "value", "« beaucoup » n'est pas un nombre"),
    ({"year": 4}, "year", "le projet compte 3 années"),
    ({"metric": "inconnue"}, "metric", "Façon de compter inconnue"),
    ({"metric": Metric.TYPED, "session_type": SessionType.TRAINING}, "session_type",
     "aux objectifs comptés sur les séances"),
    ({"session_type": "bal"}, "session_type", "Type de séance inconnu"),
])
def test_bad_fields_are_refused_in_french_and_nothing_is_written(group, fanny, fields, field,
                                                                 message):
    base = {"label": "Former", "unit": "personnes", "value": "20", "metric": Metric.SESSIONS,
            "year": 1}
    with pytest.raises(TargetError) as error:
        target_create(group=group, by=fanny, **{**base, **fields})
    assert error.value.field == field
    assert message in str(error.value)
    assert not Target.objects.exists()


def test_holder_only_for_data_metrics(group, fanny):
    from terreau.catalog.models import DataHolder

    holder = DataHolder.objects.create(name="CAF d'Indre-et-Loire")
    with pytest.raises(TargetError, match="producteur"):
        sessions_target(group, fanny, holder=holder)
    target = target_create(group=group, by=fanny, label="Données de la CAF", unit="jeux",
                           value="2,5", metric=Metric.DATASETS, holder=holder)
    assert target.value == Decimal("2.5") and target.year is None


def test_only_managers_set_a_groups_targets_and_admins_the_instances(group, fanny, mehdi,
                                                                     olga, ada):
    with pytest.raises(PermissionDenied):
        sessions_target(group, mehdi)
    with pytest.raises(PermissionDenied):
        sessions_target(group, olga)
    with pytest.raises(PermissionDenied):
        sessions_target(None, fanny)
    assert sessions_target(group, ada).group == group
    assert sessions_target(None, ada).group is None
    target = sessions_target(group, fanny)
    with pytest.raises(PermissionDenied):
        target_delete(target=target, by=mehdi)
    target_delete(target=target, by=fanny)
    assert not Target.objects.filter(pk=target.pk).exists()


def test_progress_of_a_year_target_at_chosen_dates(group, fanny, people):
    target = sessions_target(group, fanny, value=10)
    for month in (5, 6, 7, 8):
        session_make(group, date(2025, month, 3), people=[people["fanny"]])
    before = target_progress(target, date(2025, 3, 1))
    assert before["expected_share"] == 0 and not before["late"]
    assert before["done"] == 4 and before["share"] == 0.4 and before["target"] == 10
    # 31 August: 42 % of the year is over; 40 % done is within 10 points of it.
    autumn = target_progress(target, date(2025, 8, 31))
    assert autumn["expected_share"] == pytest.approx(153 / 365, abs=1e-4)
    assert not autumn["late"]
    # 31 December: 75 % of the year is over, 40 % done: late, and said in plain words.
    winter = target_progress(target, date(2025, 12, 31))
    assert winter["late"]
    assert winter["status"] == "en retard : 40 % fait pour 75 % de l'année écoulée"
    # Once over (1 April 2026), not reached: late; the last day counts as inside.
    assert target_progress(target, date(2026, 3, 31))["expected_share"] == 1
    over = target_progress(target, date(2026, 4, 1))
    assert over["late"] and over["expected_share"] == 1


def test_a_reached_target_is_never_late_and_share_is_capped(group, fanny, people):
    target = sessions_target(group, fanny, value=2)
    for day in (3, 4, 5):
        session_make(group, date(2025, 5, day), people=[people["fanny"]])
    progress = target_progress(target, date(2026, 6, 1))
    assert progress["done"] == 3 and progress["share"] == 1 and progress["reached"]
    assert not progress["late"] and progress["status"] == "atteint"


def test_whole_project_targets_count_the_three_years(group, fanny, people):
    target = sessions_target(group, fanny, value=6, year=None)
    session_make(group, date(2025, 5, 1), people=[people["fanny"]])
    session_make(group, date(2027, 5, 1), people=[people["fanny"]])
    progress = target_progress(target, date(2026, 3, 31))  # a third of the project
    assert progress["done"] == 2 and progress["late"] is False  # 33 % for 33 %
    later = target_progress(target, date(2027, 3, 31))  # two thirds of the project over
    assert later["late"]
    assert later["status"] == "en retard : 33 % fait pour 67 % du projet écoulé"


def test_a_group_offset_shifts_the_period_of_its_targets(group, fanny):
    GroupCalendar.objects.create(group=group, offset_years=1)
    target = sessions_target(group, fanny, value=5)
    progress = target_progress(target, date(2025, 12, 1))
    assert progress["first"] == date(2026, 4, 1) and progress["expected_share"] == 0
    assert not progress["late"]


def test_typed_targets_record_what_is_done(group, fanny, mehdi):
    target = target_create(group=group, by=fanny, label="Documents publiés", unit="documents",
                           value=4, year=1)
    assert target_progress(target, date(2025, 12, 31))["done"] is None
    assert not target_progress(target, date(2025, 12, 31))["late"]
    assert target_progress(target, date(2026, 5, 1))["late"]  # over, nothing typed
    with pytest.raises(PermissionDenied):
        target_record_done(target=target, by=mehdi, done=1)
    with pytest.raises(TargetError, match="négatif"):
        target_record_done(target=target, by=fanny, done="-1")
    target_record_done(target=target, by=fanny, done="3", note="Trois fiches pratiques")
    target.refresh_from_db()
    assert target.done_typed == 3 and target.done_note == "Trois fiches pratiques"
    assert target_progress(target, date(2025, 10, 1))["share"] == 0.75
    counted = sessions_target(group, fanny)
    with pytest.raises(TargetError, match="compté par l'application"):
        target_record_done(target=counted, by=fanny, done=2)


def test_update_moves_the_target_and_a_counted_one_drops_what_was_typed(group, fanny):
    target = target_create(group=group, by=fanny, label="Fiches", unit="documents", value=4,
                           year=1)
    target_record_done(target=target, by=fanny, done=2)
    target_update(target=target, by=fanny, label="Séances", unit="séances", value=8,
                  metric=Metric.SESSIONS, year=2)
    target.refresh_from_db()
    assert (target.year, target.metric, target.done_typed) == (2, Metric.SESSIONS, None)


def test_targets_keep_the_facilitators_order(group, fanny):
    first, second, third = (sessions_target(group, fanny, value=v) for v in (1, 2, 3))
    target_move(target=third, up=True, by=fanny)
    assert list(targets_of(group, year=1)) == [first, third, second]
    target_move(target=first, up=True, by=fanny)  # already first: nothing moves
    assert list(targets_of(group, year=1)) == [first, third, second]


def test_instance_targets_count_every_group(group, other_group, ada, people):
    target = sessions_target(None, ada, value=4)
    session_make(group, date(2025, 5, 1), people=[people["fanny"]])
    session_make(other_group, date(2025, 6, 1), inhabitants=2)
    assert target_progress(target, date(2025, 7, 1))["done"] == 2


def test_already_counted_lists_every_counted_metric(group, people):
    session_make(group, date(2025, 5, 1), hours=3, people=[people["fanny"]])
    figures = {metric: figure for metric, _, figure in already_counted(group, 1)}
    assert Metric.TYPED not in figures
    assert figures[Metric.SESSIONS] == 1 and figures[Metric.PERSON_HOURS] == 3
