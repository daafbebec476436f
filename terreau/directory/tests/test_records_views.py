"""The pages that keep records up to date, per role: members propose, the stewards of the
structure's group change directly and review, a steward of another group only proposes for a
group's structure (any steward for the instance's); the secret link without an account;
closing; the history."""

import re

import pytest
from django.urls import reverse

from terreau.directory.choices import ChangeVia, ProposalStatus
from terreau.directory.forms_records import ProposerForm, ServiceForm, StructureForm
from terreau.directory.models import ChangeProposal, ChangeRecord, Structure
from terreau.directory.records_review import proposal_create, secret_link_create

from .test_records_fixtures import form_data

pytestmark = pytest.mark.django_db
pytest_plugins = ["terreau.directory.tests.test_records_fixtures"]


def _as(client, user):
    client.force_login(user)
    return client


def _edit(client, structure, **changes):
    data = form_data(StructureForm(instance=structure), **changes)
    return client.post(reverse("directory:structure_edit", args=[structure.pk]), data)


def test_anonymous_people_are_sent_to_sign_in(client, place):
    for name in ("structure_edit", "structure_close", "secret_link", "history"):
        response = client.get(reverse(f"directory:{name}", args=[place.pk]))
        assert response.status_code == 302 and "/connexion/" in response["Location"]
    assert client.get(reverse("directory:review_list")).status_code == 302


def test_a_member_proposes_instead_of_changing(client, place, tours_member):
    client = _as(client, tours_member)
    page = client.get(reverse("directory:structure_edit", args=[place.pk])).content.decode()
    assert "Proposer une modification" in page and "Envoyer la proposition" in page
    assert "Lien de mise à jour" not in page
    response = _edit(client, place, telephone="02 47 12 34 56", message="Nouveau standard")
    assert response.status_code == 302 and response["Location"] == place.get_absolute_url()
    place.refresh_from_db()
    assert place.telephone == "02 47 00 00 00" and not ChangeRecord.objects.exists()
    proposal = ChangeProposal.objects.get()
    assert proposal.changes == {"structure": {"telephone": "02 47 12 34 56"}, "services": {}}
    assert (proposal.proposed_by, proposal.via, proposal.message) == (
        tours_member, ChangeVia.FORM, "Nouveau standard")


def test_the_groups_steward_changes_directly(client, place, steward):
    response = _edit(_as(client, steward), place, telephone="02 47 12 34 56")
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.telephone == "02 47 12 34 56" and not ChangeProposal.objects.exists()
    record = ChangeRecord.objects.get()
    assert (record.via, record.by) == (ChangeVia.FORM, steward)


def test_another_groups_steward_proposes_for_a_group_structure_only(client, place, national,
                                                                   other_steward):
    client = _as(client, other_steward)
    _edit(client, place, commune="Saint-Pierre-des-Corps")
    assert ChangeProposal.objects.count() == 1 and not ChangeRecord.objects.exists()
    _edit(client, national, commune="Loches")
    national.refresh_from_db()
    assert national.commune == "Loches" and ChangeProposal.objects.count() == 1


def test_an_invalid_change_is_refused_on_its_field_and_nothing_is_written(client, place,
                                                                         steward):
    response = _edit(_as(client, steward), place, latitude="-47,39", telephone="01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le formulaire n'est pas enregistré" in page and "hors de France" in page
    place.refresh_from_db()
    assert place.latitude == 47.386 and place.telephone == "02 47 00 00 00"
    assert not ChangeRecord.objects.exists()
    response = _edit(client, place, horaires_accueil="lundi 9h-12h")
    assert "Horaires illisibles" in response.content.decode()


def test_a_service_is_added_and_changed_by_stewards_proposed_by_members(client, place,
                                                                        service, steward,
                                                                        tours_member):
    member = _as(client, tours_member)
    assert member.get(reverse("directory:service_create", args=[place.pk])).status_code == 403
    data = form_data(ServiceForm(instance=service), frais="payant")
    member.post(reverse("directory:service_edit", args=[service.pk]), data)
    assert ChangeProposal.objects.get().changes["services"] == {
        str(service.pk): {"frais": "payant"}}
    stewarding = _as(client, steward)
    new = form_data(ServiceForm(), nom="Atelier CV", description="Écrire son CV ensemble.",
                    thematiques=["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-"
                                 "de-motivation"], zone_eligibilite="37261, 37")
    response = stewarding.post(reverse("directory:service_create", args=[place.pk]), new)
    assert response.status_code == 302
    created = place.services.get(nom="Atelier CV")
    assert created.zone_eligibilite == ["37261", "37"] and created.source == "terreau"


def test_structure_creation_for_the_groups_stewards(client, vocabularies, tours_group, steward,
                                                   tours_member):
    url = reverse("directory:structure_create")
    assert _as(client, tours_member).get(url).status_code == 403
    client = _as(client, steward)
    page = client.get(url).content.decode()
    assert "Toute l'instance" not in page and tours_group.name in page
    data = {**form_data(StructureForm(), nom="Maison des familles", code_insee="37261"),
            "groupe": str(tours_group.pk)}
    response = client.post(url, data)
    structure = Structure.objects.get()
    assert response["Location"] == reverse("directory:structure_edit", args=[structure.pk])
    assert (structure.group, structure.source) == (tours_group, "terreau")


def test_closing_keeps_the_record_and_says_fermee(client, place, steward, tours_member):
    url = reverse("directory:structure_close", args=[place.pk])
    assert _as(client, tours_member).get(url).status_code == 403
    client = _as(client, steward)
    client.post(url, {"action": "fermer", "note": "Locaux vendus"})
    place.refresh_from_db()
    assert place.closed_on is not None
    for page in (place.get_absolute_url(),
                 reverse("directory:structure_edit", args=[place.pk]),
                 reverse("directory:history", args=[place.pk])):
        response = client.get(page)
        assert response.status_code == 200 and "ermée" in response.content.decode()
    client.post(url, {"action": "rouvrir"})
    place.refresh_from_db()
    assert place.closed_on is None


def test_the_secret_link_is_shown_once_with_a_qr_code(client, place, steward, tours_member,
                                                      other_steward):
    url = reverse("directory:secret_link", args=[place.pk])
    assert _as(client, tours_member).get(url).status_code == 403
    assert _as(client, other_steward).get(url).status_code == 403
    client = _as(client, steward)
    page = client.post(url, {"action": "creer"}).content.decode()
    token = re.search(r"/annuaire/mise-a-jour/([A-Za-z0-9_-]+)/", page).group(1)
    assert "<svg" in page and "Copier le lien" in page and "montré qu'une fois" in page
    place.refresh_from_db()
    assert place.update_token_hash and token not in place.update_token_hash
    again = client.get(url).content.decode()
    assert token not in again and "Remplacer par un nouveau lien" in again


def test_the_staff_update_their_record_without_an_account(client, place, service):
    token = secret_link_create(place)
    url = reverse("directory:secret_update", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    assert "Centre social Sanitas" in page.content.decode()
    data = {**form_data(StructureForm(instance=place, prefix="structure"),
                        telephone="02 47 55 55 55"),
            **form_data(ServiceForm(instance=service, prefix=f"service-{service.pk}"),
                        horaires_accueil="Mo 14:00-16:00"),
            **form_data(ProposerForm(), nom="Nadia, accueil", message="Nouveaux horaires")}
    response = client.post(url, data)
    assert response["Location"] == reverse("directory:secret_thanks", args=[token])
    assert "Merci" in client.get(response["Location"]).content.decode()
    proposal = ChangeProposal.objects.get()
    assert (proposal.via, proposal.proposer_name, proposal.proposed_by) == (
        ChangeVia.SECRET_LINK, "Nadia, accueil", None)
    assert proposal.changes == {"structure": {"telephone": "02 47 55 55 55"}, "services": {
        str(service.pk): {"horaires_accueil": "Mo 14:00-16:00"}}}
    place.refresh_from_db()
    assert place.telephone == "02 47 00 00 00"


def test_the_staff_see_what_is_wrong_and_nothing_is_sent(client, place, service):
    token = secret_link_create(place)
    data = {**form_data(StructureForm(instance=place, prefix="structure"),
                        siret="12345678901234"),
            **form_data(ServiceForm(instance=service, prefix=f"service-{service.pk}")),
            **form_data(ProposerForm(), nom="Nadia")}
    page = client.post(reverse("directory:secret_update", args=[token]), data)
    assert page.status_code == 200 and "clé de contrôle" in page.content.decode()
    assert not ChangeProposal.objects.exists()


def test_unknown_and_replaced_links_are_plain_404(client, place):
    old = secret_link_create(place)
    secret_link_create(place)
    for token in (old, "n-importe-quoi", "x" * 300):
        assert client.get(reverse("directory:secret_update", args=[token])).status_code == 404
        assert client.get(reverse("directory:secret_thanks", args=[token])).status_code == 404


def test_review_approve_applies_and_writes_history(client, place, steward, tours_member):
    proposal = proposal_create(place, {"structure": {"horaires_accueil": "Mo-Sa 09:00-18:00"}},
                               via=ChangeVia.SECRET_LINK, name="Nadia")
    assert "0</strong> proposition" in _as(client, tours_member).get(
        reverse("directory:review_list")).content.decode()
    assert client.get(reverse("directory:proposal", args=[proposal.pk])).status_code == 404
    client = _as(client, steward)
    listing = client.get(reverse("directory:review_list")).content.decode()
    assert "1</strong> proposition" in listing and "Nadia (lien de mise à jour" in listing
    page = client.get(reverse("directory:proposal", args=[proposal.pk])).content.decode()
    assert "Horaires (format OpenStreetMap)" in page and "Mo-Sa 09:00-18:00" in page
    response = client.post(reverse("directory:proposal", args=[proposal.pk]),
                           {"decision": "accepter", "note": "Merci"})
    assert response["Location"] == reverse("directory:review_list")
    place.refresh_from_db()
    assert place.horaires_accueil == "Mo-Sa 09:00-18:00"
    history = client.get(reverse("directory:history", args=[place.pk])).content.decode()
    assert "Proposition acceptée" in history and "Mo-Fr 09:00-12:00" in history
    assert "Proposition n° " in history  # the note, for stewards


def test_review_reject_changes_nothing(client, place, steward, tours_member):
    proposal = proposal_create(place, {"structure": {"commune": "Joué"}}, via=ChangeVia.FORM,
                               user=tours_member)
    mine = _as(client, tours_member)
    assert mine.get(reverse("directory:proposal", args=[proposal.pk])).status_code == 200
    assert mine.post(reverse("directory:proposal", args=[proposal.pk]),
                     {"decision": "accepter"}).status_code == 403
    _as(client, steward).post(reverse("directory:proposal", args=[proposal.pk]),
                              {"decision": "refuser", "note": "Non"})
    proposal.refresh_from_db()
    place.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and place.commune == "Tours"
    assert not ChangeRecord.objects.exists()


def test_names_in_the_history_are_for_stewards(client, place, steward, tours_member):
    _edit(_as(client, steward), place, telephone="02 47 12 34 56")
    page = _as(client, tours_member).get(reverse("directory:history", args=[place.pk]))
    text = page.content.decode()
    assert "02 47 12 34 56" in text and "stephane" not in text
    assert "stephane" in _as(client, steward).get(
        reverse("directory:history", args=[place.pk])).content.decode()


def test_proposers_text_is_shown_as_text(client, place, steward):
    script = "<script>alert('x')</script>"
    proposal = proposal_create(place, {"structure": {"description": script}},
                               via=ChangeVia.SECRET_LINK, name=script, message=script)
    client = _as(client, steward)
    for url in (reverse("directory:review_list"),
                reverse("directory:proposal", args=[proposal.pk])):
        page = client.get(url).content.decode()
        assert script not in page and "&lt;script&gt;" in page
