"""Keeping records up to date (records.py, records_review.py): direct changes by stewards
with their history, refusals in French with nothing written, creation, closing, the secret
link's token (hash only, replaced, removed) and proposals with their review, per role."""

import hashlib

import pytest
from django.utils import timezone

from terreau.directory.choices import ChangeVia, ProposalStatus
from terreau.directory.models import ChangeProposal, ChangeRecord, Structure
from terreau.directory.records import (
    NotAllowed,
    RecordError,
    changes_apply,
    closed_set,
    service_create,
    structure_create,
)
from terreau.directory.records_review import (
    proposal_approve,
    proposal_create,
    proposal_reject,
    proposals_to_review,
    secret_link_create,
    secret_link_remove,
    structure_for_token,
)

from .test_records_fixtures import CONNECTION, ONLINE

pytestmark = pytest.mark.django_db
# Its fixtures: place, service, national, other_steward, admin.
pytest_plugins = ["terreau.directory.tests.test_records_fixtures"]


def _snapshot(structure):
    structure.refresh_from_db()
    return ({f.name: getattr(structure, f.name) for f in structure._meta.concrete_fields
             if f.name != "updated_at"},
            [(s.pk, s.nom, s.thematiques, s.horaires_accueil)
             for s in structure.services.order_by("pk")],
            ChangeRecord.objects.count(), ChangeProposal.objects.count())


def test_a_steward_changes_a_structure_and_the_history_keeps_before_and_after(place, steward):
    [record] = changes_apply(place, {"structure": {"telephone": "02 47 11 22 33",
                                                   "commune": "Tours"}}, user=steward)
    place.refresh_from_db()
    assert place.telephone == "02 47 11 22 33" and place.date_maj == timezone.localdate()
    # Only what changed is recorded (the commune was already Tours).
    assert record.changes == {"telephone": ["02 47 00 00 00", "02 47 11 22 33"]}
    assert (record.via, record.by, record.service) == (ChangeVia.FORM, steward, None)


def test_a_service_change_is_recorded_on_the_service(place, service, steward):
    changes_apply(place, {"services": {str(service.pk): {
        "thematiques": [ONLINE, CONNECTION], "latitude": "47,39", "longitude": "0.7"}}},
        user=steward, via=ChangeVia.API)
    service.refresh_from_db()
    assert service.thematiques == [ONLINE, CONNECTION] and service.latitude == 47.39
    record = ChangeRecord.objects.get(service=service)
    assert record.via == ChangeVia.API
    assert record.changes["thematiques"] == [[ONLINE], [ONLINE, CONNECTION]]
    assert record.changes["latitude"] == [None, 47.39]


def test_nothing_changed_writes_nothing(place, service, steward):
    assert changes_apply(place, {"structure": {"nom": place.nom}, "services": {
        str(service.pk): {"thematiques": [ONLINE]}}}, user=steward) == []
    assert not ChangeRecord.objects.exists()


@pytest.mark.parametrize(("changes", "words"), [
    ({"structure": {"horaires_accueil": "lundi 9h-12h"}},
     ["structure « Centre social Sanitas »", "horaires_accueil", "horaires illisibles"]),
    ({"structure": {"latitude": 147.0}}, ["latitude", "hors des limites"]),
    ({"structure": {"latitude": -47.39}}, ["latitude", "hors de France"]),
    ({"structure": {"siret": "12345678901234"}}, ["siret", "clé de contrôle"]),
    ({"structure": {"nom": ""}}, ["nom", "obligatoire"]),
    ({"structure": {"latitude": "nord"}}, ["latitude", "« nord » n'est pas un nombre"]),
    ({"structure": {"source_id": "autre"}}, ["source_id", "ne peut pas être changé"]),
    ({"services": {"SERVICE": {"thematiques": ["numerique--pirater"]}}},
     ["service « Aide aux démarches en ligne »", "thematiques", "thématique inconnue"]),
    ({"services": {"SERVICE": {"frais": "hors-de-prix"}}}, ["frais", "inconnue"]),
    ({"services": {"99999": {"nom": "Autre"}}}, ["n'est pas un service de la structure"]),
])
def test_invalid_changes_are_refused_in_french_and_nothing_is_written(place, service, steward,
                                                                      changes, words):
    if "SERVICE" in changes.get("services", {}):
        changes = {"services": {str(service.pk): changes["services"]["SERVICE"]}}
    before = _snapshot(place)
    # A valid change beside the invalid one is not written either (all or nothing).
    changes.setdefault("structure", {}).setdefault("telephone", "01 02 03 04 05")
    with pytest.raises(RecordError) as refused:
        changes_apply(place, changes, user=steward)
    message = str(refused.value)
    assert message.startswith("Modification refusée")
    for word in words:
        assert word in message
    assert refused.value.errors
    assert _snapshot(place) == before


def test_who_may_change_directly(place, national, steward, tours_member, outsider,
                                 other_steward, admin):
    change = {"structure": {"telephone": "01 23 45 67 89"}}
    for person in (tours_member, outsider, other_steward):
        with pytest.raises(NotAllowed):
            changes_apply(place, change, user=person)
    changes_apply(place, change, user=admin)
    # A structure of the whole instance: any steward, of any group.
    changes_apply(national, change, user=other_steward)
    changes_apply(national, {"structure": {"telephone": "01 00 00 00 00"}}, user=steward)
    with pytest.raises(NotAllowed):
        changes_apply(national, change, user=tours_member)


def test_a_steward_creates_a_structure_with_its_services(vocabularies, tours_group, steward):
    structure = structure_create(
        {"nom": "Épicerie solidaire des Fontaines", "code_insee": "37261",
         "horaires_accueil": "We 14:00-17:00"}, group=tours_group, user=steward,
        services=[{"nom": "Colis alimentaires", "description": "Des colis chaque semaine.",
                   "thematiques": ["equipement-et-alimentation--alimentation"]}])
    assert structure.source == "terreau" and len(structure.source_id) == 36
    assert structure.group == tours_group and structure.date_maj == timezone.localdate()
    [service] = structure.services.all()
    assert service.source == "terreau" and service.thematiques == [
        "equipement-et-alimentation--alimentation"]
    creation = ChangeRecord.objects.get(structure=structure, service=None)
    assert creation.note == "Création" and creation.changes["nom"] == [
        None, "Épicerie solidaire des Fontaines"]
    assert ChangeRecord.objects.filter(service=service).exists()
    extra = service_create(structure, {"nom": "Atelier cuisine",
                                       "description": "Cuisiner ensemble."}, user=steward)
    assert extra.structure == structure


def test_creation_is_refused_for_others_and_for_invalid_records(vocabularies, tours_group,
                                                                tours_member, other_steward,
                                                                steward):
    values = {"nom": "Maison des associations"}
    for person in (tours_member, other_steward):
        with pytest.raises(NotAllowed):
            structure_create(values, group=tours_group, user=person)
    with pytest.raises(NotAllowed):  # the whole instance: its admins only
        structure_create(values, group=None, user=steward)
    with pytest.raises(RecordError) as refused:
        structure_create(values, group=tours_group, user=steward,
                         services=[{"nom": "Sans description"}])
    assert "nouveau service n° 1" in str(refused.value) and "description" in str(
        refused.value)
    assert not Structure.objects.exists() and not ChangeRecord.objects.exists()


def test_closing_keeps_the_record_and_reopening_is_recorded(place, service, steward,
                                                            tours_member):
    with pytest.raises(NotAllowed):
        closed_set(place, True, user=tours_member)
    closed_set(place, True, user=steward, note="Déménagement")
    closed_set(service, True, user=steward)
    place.refresh_from_db()
    assert place.closed_on == timezone.localdate() and place.is_closed
    assert Structure.objects.filter(pk=place.pk).exists() and place.services.count() == 1
    assert closed_set(place, True, user=steward) is None  # already closed: nothing new
    closed_set(place, False, user=steward)
    place.refresh_from_db()
    assert place.closed_on is None
    changes = [r.changes for r in ChangeRecord.objects.filter(service=None).order_by("pk")]
    today = timezone.localdate().isoformat()
    assert changes == [{"closed_on": [None, today]}, {"closed_on": [today, None]}]


def test_the_secret_link_is_stored_as_a_hash_and_a_new_one_replaces_the_old(place, steward,
                                                                           tours_member):
    with pytest.raises(NotAllowed):
        secret_link_create(place, user=tours_member)
    token = secret_link_create(place, user=steward)
    place.refresh_from_db()
    assert len(token) >= 40
    assert place.update_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(Structure.objects.values()))
    assert token not in str(list(ChangeRecord.objects.values()))
    assert structure_for_token(token) == place
    newer = secret_link_create(place, user=steward)
    assert structure_for_token(token) is None and structure_for_token(newer) == place
    secret_link_remove(place, user=steward)
    assert structure_for_token(newer) is None
    assert structure_for_token("") is None and structure_for_token("x" * 500) is None


def test_a_proposal_waits_then_its_approval_applies_it_with_history(place, service, steward):
    before = _snapshot(place)[0]
    proposal = proposal_create(place, {
        "structure": {"telephone": "02 47 99 99 99", "nom": place.nom},
        "services": {str(service.pk): {"horaires_accueil": "Tu,Th 14:00-17:00"}}},
        via=ChangeVia.SECRET_LINK, name="Nadia, accueil", message="Nouveau numéro.")
    # Only the real changes are kept; nothing is written to the records yet.
    assert proposal.changes == {"structure": {"telephone": "02 47 99 99 99"}, "services": {
        str(service.pk): {"horaires_accueil": "Tu,Th 14:00-17:00"}}}
    assert proposal.status == ProposalStatus.PENDING and proposal.proposed_by is None
    assert _snapshot(place)[0] == before and not ChangeRecord.objects.exists()
    records = proposal_approve(proposal, steward, "Merci !")
    place.refresh_from_db()
    service.refresh_from_db()
    assert place.telephone == "02 47 99 99 99"
    assert service.horaires_accueil == "Tu,Th 14:00-17:00"
    assert len(records) == 2 and {r.via for r in records} == {ChangeVia.REVIEW}
    assert all(r.by == steward and "Nadia, accueil" in r.note for r in records)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewed_by, proposal.review_note) == (
        ProposalStatus.APPROVED, steward, "Merci !")
    with pytest.raises(RecordError, match="déjà été relue"):
        proposal_reject(proposal, steward)


def test_a_rejected_proposal_changes_nothing(place, steward, tours_member):
    proposal = proposal_create(place, {"structure": {"commune": "Joué-lès-Tours"}},
                               via=ChangeVia.FORM, user=tours_member)
    assert proposal.proposed_by == tours_member
    with pytest.raises(NotAllowed):
        proposal_approve(proposal, tours_member)
    proposal_reject(proposal, steward, "La structure est bien à Tours.")
    place.refresh_from_db()
    assert place.commune == "Tours" and not ChangeRecord.objects.exists()
    assert ChangeProposal.objects.get().status == ProposalStatus.REJECTED


def test_invalid_or_empty_proposals_are_refused(place):
    with pytest.raises(RecordError, match="horaires illisibles"):
        proposal_create(place, {"structure": {"horaires_accueil": "9h-12h"}},
                        via=ChangeVia.SECRET_LINK, name="X")
    with pytest.raises(RecordError, match="Rien n'a changé"):
        proposal_create(place, {"structure": {"nom": place.nom}}, via=ChangeVia.SECRET_LINK)
    assert not ChangeProposal.objects.exists()
    # A message alone is a proposal (e.g. "we close in August").
    assert proposal_create(place, {}, via=ChangeVia.SECRET_LINK, message="Fermé en août.")


def test_who_reviews_which_proposals(place, national, steward, tours_member, other_steward,
                                     admin):
    group_one = proposal_create(place, {"structure": {"commune": "Tours centre"}},
                                via=ChangeVia.FORM, user=tours_member)
    instance_one = proposal_create(national, {"structure": {"commune": "Loches"}},
                                   via=ChangeVia.FORM, user=tours_member)
    assert list(proposals_to_review(steward)) == [group_one, instance_one]  # oldest first
    assert list(proposals_to_review(other_steward)) == [instance_one]
    assert list(proposals_to_review(admin)) == [group_one, instance_one]
    assert list(proposals_to_review(tours_member)) == []
    with pytest.raises(NotAllowed):
        proposal_approve(group_one, other_steward)
    proposal_approve(instance_one, other_steward)
    assert list(proposals_to_review(steward)) == [group_one]
