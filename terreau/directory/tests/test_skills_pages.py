"""The skills pages (/annuaire/competences/…): search, declare, mine and withdraw, the shared
list; who sees what, and bad input in French with nothing written."""

# The fixtures of test_skills.py are imported, then named as arguments (pytest's way).
# ruff: noqa: F811

import re

import pytest
from django.urls import reverse

from terreau.directory.models import Skill, SkillOffer
from terreau.directory.skills import offer_declare

from .test_skills import (  # noqa: F401 (fixtures)
    AMBOISE,
    TOURS,
    amboise_centre,
    facilitator,
    helpers,
    offline,
    skill,
    zone,
)

PAGES = ["directory:skills", "directory:skill_offer_create", "directory:skill_offers_mine",
         "directory:skill_list"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_withdrawing_needs_a_sign_in_too(client, helpers):
    url = reverse("directory:skill_offer_withdraw", args=[helpers["spdc"].pk])
    assert client.post(url).status_code == 302
    assert SkillOffer.objects.filter(pk=helpers["spdc"].pk).exists()


def test_the_search_lists_the_nearest_first(client, helpers, tours_member):
    client.force_login(tours_member)
    page = client.get(reverse("directory:skills"))
    assert page.status_code == 200 and "Qui peut aider ?" in page.text
    assert 'name="pres_de"' in page.text and "<ol class=\"skill-results\"" not in page.text
    page = client.get(reverse("directory:skills"),
                      {"competence": "interpretariat", "pres_de": "Tours"})
    text = page.text
    assert "4 réponses près de Tours (commune 37261)" in text
    names = ["Samia Exemple", "Jules Exemple", "Chloe Exemple", "Nadia Exemple"]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert "arabe, tamoul" in text and "distance inconnue" in text
    assert "membre · Tours Insertion" in text


def test_another_groups_member_never_sees_a_members_offer(client, helpers, outsider):
    client.force_login(outsider)
    text = client.get(reverse("directory:skills"), {"competence": "interpretariat"}).text
    assert "0 réponse" in text and "Samia" not in text and "tamoul" not in text


def test_structures_are_shown_with_address_and_contact(client, amboise_centre, facilitator,
                                                       tours_group, member):
    offer_declare(user=facilitator, group=tours_group, skill=skill("aide-numerique"),
                  structure=amboise_centre, details="ateliers <b>le mardi</b>")
    client.force_login(member)  # in no group at all
    text = client.get(reverse("directory:skills"), {"pres_de": "Tours"}).text
    assert "Vous ne faites partie d'aucun groupe" in text
    assert "Centre social du Val d&#x27;Amboise" in text and "1 rue Test, 37400 Amboise" in text
    assert 'href="tel:0247000000"' in text and "accueil@example.org" in text
    assert "ateliers &lt;b&gt;le mardi&lt;/b&gt;" in text  # user text is escaped


@pytest.mark.parametrize(("query", "message"), [
    ({"pres_de": "Atlantide"}, "Lieu introuvable : « Atlantide »"),
    ({"competence": "plongee"}, "Compétence inconnue"),
    ({"groupe": "blois-sante", "texte": "x"}, "Vous ne faites pas partie de ce groupe"),
])
def test_bad_search_input_is_explained_in_french(client, cvl_zones, tours_member, other_group,
                                                 query, message):
    client.force_login(tours_member)
    page = client.get(reverse("directory:skills"), query)
    assert page.status_code == 200
    assert message in page.text.replace("&#x27;", "'").replace("&quot;", '"')
    assert "réponse" not in page.text.split("</form>")[-1]


def test_a_member_declares_then_withdraws_a_skill(client, cvl_zones, tours_member,
                                                  tours_group):
    client.force_login(tours_member)
    form = client.get(reverse("directory:skill_offer_create")).text
    assert 'name="pour" value="moi"' in form and 'name="structure"' not in form
    response = client.post(reverse("directory:skill_offer_create"), {
        "pour": "moi", "groupe": tours_group.slug, "competence": "interpretariat",
        "precisions": "arabe, kabyle", "lieu": "Tours"})
    assert response.status_code == 302
    offer = SkillOffer.objects.get()
    assert (offer.person, offer.zone, offer.details) == (tours_member, zone(TOURS),
                                                         "arabe, kabyle")
    mine = client.get(response["Location"]).text
    assert "Interprétariat" in mine and "arabe, kabyle" in mine and "est déclarée" in mine
    withdraw = reverse("directory:skill_offer_withdraw", args=[offer.pk])
    assert withdraw in mine
    assert "Retirer « Interprétariat » ?" in client.get(withdraw).text
    assert client.post(withdraw).status_code == 302
    assert not SkillOffer.objects.exists()


@pytest.mark.parametrize(("changes", "field_message"), [
    ({"lieu": "Atlantide"}, "Zone introuvable : « Atlantide »"),
    ({"competence": "plongee"}, "Compétence inconnue"),
    ({"competence": ""}, "Choisissez une compétence."),
    ({"groupe": "blois-sante"}, "Choisissez un de vos groupes."),
    ({"precisions": "x" * 301}, "Les précisions dépassent 300 caractères."),
    ({"pour": "structure", "structure": "1"}, "Seules l&#x27;animation"),
])
def test_bad_declarations_are_refused_in_french(client, cvl_zones, tours_member, tours_group,
                                                other_group, changes, field_message):
    client.force_login(tours_member)
    data = {"pour": "moi", "groupe": tours_group.slug, "competence": "interpretariat",
            "precisions": "", "lieu": "", **changes}
    page = client.post(reverse("directory:skill_offer_create"), data)
    assert page.status_code == 200 and field_message in page.text
    assert "Le formulaire n'est pas enregistré" in page.text
    assert not SkillOffer.objects.exists()


def test_a_steward_declares_for_a_structure_by_name(client, cvl_zones, steward, tours_group,
                                                    amboise_centre):
    client.force_login(steward)
    form = client.get(reverse("directory:skill_offer_create"),
                      {"structure": amboise_centre.pk}).text
    assert re.search(r'<input[^>]*value="structure"[^>]*checked', form)
    assert re.search(rf'<input[^>]*name="structure"[^>]*value="{amboise_centre.pk}"', form)
    response = client.post(reverse("directory:skill_offer_create"), {
        "pour": "structure", "groupe": tours_group.slug, "competence": "ecrivain-public",
        "structure": "val d'amboise", "lieu": AMBOISE})
    assert response.status_code == 302
    offer = SkillOffer.objects.get()
    assert (offer.structure, offer.person, offer.created_by) == (amboise_centre, None, steward)
    assert "Centre social du Val d&#x27;Amboise" in client.get(response["Location"]).text


def test_nobody_withdraws_someone_elses_offer(client, helpers, tours_member, outsider):
    offer = helpers["spdc"]
    url = reverse("directory:skill_offer_withdraw", args=[offer.pk])
    for user in (tours_member, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert SkillOffer.objects.filter(pk=offer.pk).exists()


def test_the_shared_list_and_who_adds_to_it(client, db, tours_member, facilitator):
    client.force_login(tours_member)
    page = client.get(reverse("directory:skill_list")).text
    assert "Interprétariat" in page and "Ajouter à la liste" not in page
    assert "?competence=interpretariat" in page
    before = Skill.objects.count()
    assert client.post(reverse("directory:skill_list"), {"label": "Bricolage"}).status_code == 403
    client.force_login(facilitator)
    assert "Ajouter à la liste" in client.get(reverse("directory:skill_list")).text
    again = client.post(reverse("directory:skill_list"), {"label": "écrivain PUBLIC"})
    assert "« Écrivain public » existe déjà dans la liste." in again.text
    assert Skill.objects.count() == before
    added = client.post(reverse("directory:skill_list"), {"label": "Bricolage <i>"})
    assert added.status_code == 302
    page = client.get(added["Location"]).text
    assert "Bricolage &lt;i&gt;" in page and "est ajoutée à la liste" in page
