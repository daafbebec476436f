"""Data holders: their record, the requests of the user's groups, their datasets and uses."""

import datetime

import pytest

from terreau.catalog.forms.records import ANSWER_BEFORE_REQUEST, EMAIL_INVALID
from terreau.catalog.models import DataHolder, HolderRequest
from terreau.indicators.models import Indicator

from .ui_factories import page_text, world_fixture  # noqa: F401


@pytest.fixture
def caf(world):
    """The CAF, with a request from each group; it provided the shared dataset."""
    holder = DataHolder.objects.create(
        name="CAF d'Indre-et-Loire", kind="social_security", contact_name="Service études",
        email="etudes@caf37.example", phone="02 47 00 00 00",
        website="https://www.caf.fr", terms_of_use="Convention signée en 2024, usage interne.",
        licence="Convention de partage")
    HolderRequest.objects.create(holder=holder, group=world["groups"]["tours"],
                                 subject="Allocataires du RSA par IRIS",
                                 sent_on=datetime.date(2024, 3, 1), status="accepted",
                                 answered_on=datetime.date(2024, 4, 2),
                                 answer="Fichier envoyé par courriel.")
    HolderRequest.objects.create(holder=holder, group=world["groups"]["blois"],
                                 subject="Demande secrète de Blois",
                                 sent_on=datetime.date(2024, 5, 1))
    dataset = world["datasets"]["shared"]
    dataset.holder = holder
    dataset.save()
    indicator = Indicator.objects.create(slug="pop", label="Population municipale",
                                         formula="p18_pop")
    indicator.variables.set(dataset.variables.all())
    return holder


def test_the_list_shows_each_holder_with_its_kind_and_datasets(client, world, caf):
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/detenteurs/").content.decode()
    assert "CAF d&#x27;Indre-et-Loire" in page
    assert "Organisme de protection sociale (CAF, CPAM...)" in page


def test_the_record_shows_contact_terms_licence_and_the_groups_requests(client, world, caf):
    client.force_login(world["people"]["member"])
    page = client.get(f"/donnees/detenteurs/{caf.pk}/").content.decode()
    for text in ["Service études", "mailto:etudes@caf37.example", "tel:0247000000",
                 "Convention signée en 2024, usage interne.", "Convention de partage",
                 "Allocataires du RSA par IRIS", "1 mars 2024", "Acceptée", "2 avril 2024",
                 "Fichier envoyé par courriel."]:
        assert text in page, text
    assert "Demande secrète de Blois" not in page


def test_an_administrator_sees_the_requests_of_every_group(client, world, caf):
    client.force_login(world["people"]["admin"])
    page = client.get(f"/donnees/detenteurs/{caf.pk}/").content.decode()
    assert "Demande secrète de Blois" in page and "Allocataires du RSA" in page


def test_the_record_shows_the_datasets_provided_and_where_they_are_used(client, world, caf):
    client.force_login(world["people"]["member"])
    page = client.get(f"/donnees/detenteurs/{caf.pk}/").content.decode()
    assert "Données shared" in page
    assert "Utilisé par 1 indicateur" in page and "Population municipale" in page


def test_an_unknown_holder_is_404(client, world):
    client.force_login(world["people"]["member"])
    assert client.get("/donnees/detenteurs/999/").status_code == 404


@pytest.mark.parametrize("role,status", [("member", 403), ("other", 403), ("nogroup", 403),
                                         ("facilitator", 200), ("steward", 200),
                                         ("admin", 200)])
def test_who_may_add_a_holder(client, world, role, status):
    client.force_login(world["people"][role])
    assert client.get("/donnees/detenteurs/ajouter/").status_code == status


def test_a_facilitator_adds_a_holder(client, world):
    client.force_login(world["people"]["facilitator"])
    response = client.post("/donnees/detenteurs/ajouter/", {
        "name": "Mairie de Tours", "kind": "local_authority", "email": "data@tours.example"})
    holder = DataHolder.objects.get(name="Mairie de Tours")
    assert response["Location"] == f"/donnees/detenteurs/{holder.pk}/"


def test_holder_form_errors_are_in_french(client, world):
    client.force_login(world["people"]["steward"])
    response = client.post("/donnees/detenteurs/ajouter/", {"kind": "other", "email": "pas-un"})
    page = response.content.decode()
    assert "Ce champ est obligatoire." in page
    assert EMAIL_INVALID in page
    assert 'aria-invalid="true"' in page


# ---- Requests ----------------------------------------------------------------------------


def test_a_facilitator_notes_a_request_for_their_group_only(client, world, caf):
    client.force_login(world["people"]["facilitator"])
    form = client.get(f"/donnees/detenteurs/{caf.pk}/demandes/ajouter/").context["form"]
    assert list(form.fields["group"].queryset) == [world["groups"]["tours"]]
    response = client.post(f"/donnees/detenteurs/{caf.pk}/demandes/ajouter/", {
        "group": world["groups"]["tours"].pk, "subject": "Quotient familial",
        "sent_on": "2024-06-01", "status": "sent"})
    assert response.status_code == 302
    assert caf.requests.filter(subject="Quotient familial").exists()
    response = client.post(f"/donnees/detenteurs/{caf.pk}/demandes/ajouter/", {
        "group": world["groups"]["blois"].pk, "subject": "Pour Blois",
        "sent_on": "2024-06-01", "status": "sent"})
    assert response.status_code == 200 and not caf.requests.filter(subject="Pour Blois").exists()


@pytest.mark.parametrize("role,status", [("member", 403), ("other", 404), ("nogroup", 404),
                                         ("facilitator", 200), ("steward", 200)])
def test_who_may_edit_the_request_of_the_tours_group(client, world, caf, role, status):
    data_request = caf.requests.get(group=world["groups"]["tours"])
    client.force_login(world["people"][role])
    url = f"/donnees/detenteurs/{caf.pk}/demandes/{data_request.pk}/modifier/"
    assert client.get(url).status_code == status


def test_a_member_cannot_add_a_request(client, world, caf):
    client.force_login(world["people"]["member"])
    assert client.get(f"/donnees/detenteurs/{caf.pk}/demandes/ajouter/").status_code == 403
    page = client.get(f"/donnees/detenteurs/{caf.pk}/").content.decode()
    assert "Noter une demande" not in page


def test_the_answer_is_noted_and_cannot_predate_the_request(client, world, caf):
    data_request = caf.requests.get(group=world["groups"]["tours"])
    client.force_login(world["people"]["steward"])
    url = f"/donnees/detenteurs/{caf.pk}/demandes/{data_request.pk}/modifier/"
    data = {"group": world["groups"]["tours"].pk, "subject": data_request.subject,
            "sent_on": "2024-03-01", "status": "refused", "answered_on": "2024-02-01"}
    assert ANSWER_BEFORE_REQUEST in page_text(client.post(url, data))
    data.update(answered_on="2024-03-15", answer="Refus : secret professionnel.")
    assert client.post(url, data).status_code == 302
    data_request.refresh_from_db()
    assert data_request.status == "refused" and data_request.answer.startswith("Refus")
