"""People and records of the records tests (imported by the test_records* modules): a
structure kept by the Tours group with one service, a structure of the whole instance, a
steward of another group, an instance admin."""

import datetime

import pytest
from django import forms

from terreau.directory.models import Service, Structure
from terreau.indicators.tests.factories import user_make

DAY = datetime.date(2024, 3, 1)
ONLINE = "numerique--acceder-a-des-services-en-ligne"
CONNECTION = "numerique--acceder-a-une-connexion-internet"


@pytest.fixture
def place(vocabularies, tours_group):
    """"Centre social Sanitas" (Tours group) and its service "Aide aux démarches"."""
    structure = Structure.objects.create(
        source="essai", source_id="sanitas", nom="Centre social Sanitas", date_maj=DAY,
        group=tours_group, adresse="10 place Saint-Paul", code_postal="37000",
        code_insee="37261", commune="Tours", latitude=47.386, longitude=0.69,
        horaires_accueil="Mo-Fr 09:00-12:00", telephone="02 47 00 00 00")
    Service.objects.create(
        structure=structure, source="essai", source_id="sanitas-demarches",
        nom="Aide aux démarches en ligne", description="Un accompagnement pour les "
        "démarches administratives en ligne.", thematiques=[ONLINE], publics=["tous-publics"],
        frais="gratuit", modes_accueil=["en-presentiel"], date_maj=DAY)
    return structure


@pytest.fixture
def service(place):
    return place.services.get()


@pytest.fixture
def national(vocabularies):
    """A France services of the whole instance (no group)."""
    return Structure.objects.create(source="france-services", source_id="fs-1",
                                    nom="France services de Loches", date_maj=DAY)


@pytest.fixture
def other_steward(other_group):
    """A data steward of another group (Blois)."""
    return user_make("bea", group=other_group, role="steward")


@pytest.fixture
def admin(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("ada", password="mot-de-passe-de-test-1")


def form_data(form, **changes) -> dict:
    """What a browser posts for `form` as shown (its initial values), with `changes`."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.MultipleChoiceField) and not value:
            continue  # no box ticked: a browser sends nothing
        data[form.add_prefix(name)] = "" if value is None else value
    data.update({form.add_prefix(name): value for name, value in changes.items()})
    return data
