"""The targets' pages: the list per year (members read), creating, changing, typing what is
done, moving and deleting (facilitators and admins; 403 for members, 404 for outsiders), the
instance's targets (instance admins), and what the form shows the application counts."""

from datetime import date

import pytest
from django.urls import reverse

from terreau.monitoring.choices import Metric, SessionType
from terreau.monitoring.models import Target
from terreau.monitoring.targets import target_create

from . import targets_setup
from .factories import session_make

on_day = targets_setup.on_day  # the fixture, shared

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"monitoring:{name}", args=args)


def make(group, by, label="Tenir 10 séances", **fields):
    fields = {"unit": "séances", "value": 10, "metric": Metric.SESSIONS, "year": 1, **fields}
    return target_create(group=group, by=by, label=label, **fields)


FORM = {"formulaire": "objectif", "label": "Former 20 bénévoles", "value": "20",
        "unit": "personnes", "year": "1", "metric": Metric.TRAINED, "session_type": "",
        "holder": ""}


def test_members_read_the_list_without_edit_links(client, group, fanny, mehdi, on_day):
    make(group, fanny)
    client.force_login(mehdi)
    page = client.get(url("targets", group.slug)).content.decode()
    assert "Tenir 10 séances" in page and "Année 1 (2025-2026)" in page
    assert "Modifier" not in page and "Ajouter un objectif" not in page


@pytest.mark.parametrize(("who", "status"), [("mehdi", 403), ("olga", 404), ("camille", 404)])
def test_only_managers_reach_the_form(client, request, group, fanny, who, status):
    target = make(group, fanny)
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("target_create", group.slug)).status_code == status
    assert client.post(url("target_create", group.slug), FORM).status_code == status
    assert client.post(url("target_edit", group.slug, target.pk),
                       {"formulaire": "supprimer"}).status_code == status
    assert Target.objects.count() == 1


def test_outsiders_do_not_see_the_list(client, group, olga):
    client.force_login(olga)
    assert client.get(url("targets", group.slug)).status_code == 404


def test_create_a_target(client, group, fanny, on_day):
    client.force_login(fanny)
    response = client.post(url("target_create", group.slug), FORM)
    assert response.status_code == 302 and response["Location"] == url("targets", group.slug)
    target = Target.objects.get()
    assert (target.label, target.value, target.metric, target.year, target.created_by) == (
        "Former 20 bénévoles", 20, Metric.TRAINED, 1, fanny)


def test_bad_input_is_named_beside_its_field_and_nothing_is_written(client, group, fanny):
    client.force_login(fanny)
    page = client.post(url("target_create", group.slug), {
        **FORM, "value": "0", "metric": Metric.TYPED, "session_type": SessionType.TRAINING})
    assert page.status_code == 200
    assert "La cible doit être plus grande que 0." in page.content.decode()
    assert not Target.objects.exists()
    page = client.post(url("target_create", group.slug), {**FORM, "metric": Metric.TYPED,
                                                          "session_type": SessionType.WORK})
    assert "ne sert qu&#x27;aux objectifs comptés sur les séances" in page.content.decode()
    assert not Target.objects.exists()


def test_the_form_shows_what_the_application_already_counts(client, group, fanny, people,
                                                            on_day):
    session_make(group, date(2025, 5, 1), hours=3, people=[people["fanny"], people["lea"]])
    session_make(group, date(2025, 6, 1), type=SessionType.TRAINING, people=[people["lea"]])
    client.force_login(fanny)
    page = client.post(url("target_create", group.slug), {
        **FORM, "formulaire": "apercu", "metric": Metric.SESSIONS}).content.decode()
    assert not Target.objects.exists()  # a preview writes nothing
    assert "Ce que l'application compte déjà (Année 1 (2025-2026))" in page
    assert '<strong>Séances tenues (choisie)</strong>' in page
    assert 'data-mesure="seances">2</td>' in page
    assert 'data-mesure="formes">1</td>' in page
    assert 'data-mesure="heures">8</td>' in page
    page = client.post(url("target_create", group.slug), {
        **FORM, "formulaire": "apercu", "metric": Metric.SESSIONS,
        "session_type": SessionType.TRAINING}).content.decode()
    assert 'data-mesure="seances">1</td>' in page


def test_edit_type_what_is_done_move_and_delete(client, group, fanny, on_day):
    typed = make(group, fanny, label="Fiches pratiques", metric=Metric.TYPED, unit="documents",
                 value=4)
    other = make(group, fanny)
    client.force_login(fanny)
    edit = url("target_edit", group.slug, typed.pk)
    assert "Ce qui est fait (saisi à la main)" in client.get(edit).content.decode()
    client.post(edit, {"formulaire": "realise", "done": "3", "note": "Trois <b>fiches</b>"})
    typed.refresh_from_db()
    assert typed.done_typed == 3
    listing = client.get(url("targets", group.slug)).content.decode()
    assert "3 sur 4 documents (75 %)" in listing and "Trois &lt;b&gt;fiches&lt;/b&gt;" in listing
    client.post(url("target_edit", group.slug, other.pk), {"formulaire": "deplacer",
                                                           "sens": "haut"})
    assert list(Target.objects.filter(year=1).order_by("position")) == [other, typed]
    client.post(edit, {**FORM, "label": "Fiches publiées", "metric": Metric.TYPED,
                       "unit": "documents", "value": "5"})
    typed.refresh_from_db()
    assert (typed.label, typed.value) == ("Fiches publiées", 5)
    client.post(edit, {"formulaire": "supprimer"})
    assert list(Target.objects.all()) == [other]


def test_a_target_of_another_group_is_not_found(client, group, other_group, fanny, ada):
    theirs = make(other_group, ada)
    client.force_login(fanny)
    assert client.get(url("target_edit", group.slug, theirs.pk)).status_code == 404


def test_instance_targets_are_for_instance_admins(client, group, fanny, ada, on_day):
    client.force_login(fanny)
    assert client.get(url("project_target_create")).status_code == 403
    client.force_login(ada)
    response = client.post(url("project_target_create"), {**FORM, "metric": Metric.SESSIONS})
    assert response.status_code == 302 and response["Location"] == url("project")
    target = Target.objects.get()
    assert target.group is None
    client.force_login(fanny)
    assert client.get(url("project_target_edit", target.pk)).status_code == 403
    client.force_login(ada)
    assert client.get(url("project_target_edit", target.pk)).status_code == 200
    client.post(url("project_target_edit", target.pk), {"formulaire": "supprimer"})
    assert not Target.objects.exists()
