"""The skills of a group (skills.py): the shared list, offers, "who can help with X near Y"
on the real communes of Indre-et-Loire (real contours), and who reads what.

The fixtures here are imported by the pages' and the API's tests (test_skills_*.py).
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from terreau.accounts.models import Membership
from terreau.directory import skills_places
from terreau.directory.models import Skill, SkillOffer, Structure
from terreau.directory.skills import (
    offer_declare,
    offer_withdraw,
    offers_visible,
    skill_add,
    skill_list,
    skill_search,
    skills_seed,
    structure_find,
)
from terreau.directory.skills_places import SkillError, distance_km, place_resolve, zone_find
from terreau.indicators.tests.factories import user_make
from terreau.territory.models import Zone

TOURS, JOUE, SPDC, CHINON, AMBOISE = "37261", "37122", "37233", "37072", "37003"


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """No address geocoder in tests (the machine may be offline): only zones are found."""
    monkeypatch.setattr(skills_places, "_geocode", lambda text: None)


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


def zone(code: str, level: str = "commune") -> Zone:
    return Zone.objects.get(level=level, code=code)


def skill(slug: str) -> Skill:
    return skill_list().get(slug=slug)


def structure_make(name: str, *, commune: str, code: str, lon=None, lat=None, **fields):
    return Structure.objects.create(
        source="test", source_id=name, nom=name, adresse=fields.pop("adresse", "1 rue Test"),
        code_postal=fields.pop("code_postal", "37000"), commune=commune, code_insee=code,
        longitude=lon, latitude=lat, date_maj=date(2024, 5, 1), **fields)


@pytest.fixture
def helpers(cvl_zones, tours_group, tours_member, steward, facilitator):
    """Interpreters of the Tours group at several distances from Tours, one without place."""
    def person(username, code, details):
        user = user_make(username, group=tours_group)
        user.first_name, user.last_name = username.capitalize(), "Exemple"
        user.save()
        return offer_declare(user=user, group=tours_group, skill=skill("interpretariat"),
                             details=details, zone=zone(code) if code else None)
    return {
        "spdc": person("samia", SPDC, "arabe, tamoul"),
        "chinon": person("chloe", CHINON, "anglais"),
        "joue": person("jules", JOUE, "Turc et arabe"),
        "nowhere": person("nadia", None, "arabe"),
    }


@pytest.fixture
def amboise_centre(cvl_zones):
    """A (fictitious) social centre at Amboise's town hall (real position)."""
    return structure_make("Centre social du Val d'Amboise", commune="Amboise", code=AMBOISE,
                          lon=0.9826, lat=47.4125, telephone="02 47 00 00 00",
                          courriel="accueil@example.org", code_postal="37400")


# ---- The shared list -------------------------------------------------------------------


def test_the_list_is_seeded_once_and_keeps_later_changes(db):
    assert skills_seed() == Skill.objects.count() >= 12
    interpreting = skill("interpretariat")
    assert interpreting.label == "Interprétariat" and "langues" in interpreting.description
    interpreting.label = "Interprétariat et traduction"
    interpreting.save()
    assert skills_seed() == 0
    assert skill("interpretariat").label == "Interprétariat et traduction"
    labels = set(skill_list().values_list("label", flat=True))
    assert {"Aide au numérique", "Garde d'enfants", "Écrivain public",
            "Conseil juridique / accès aux droits", "Mobilité / accompagnement physique",
            "Écoute / soutien psychologique"} <= labels


def test_facilitators_add_skills_members_ask_them(tours_member, facilitator, steward):
    with pytest.raises(PermissionDenied):
        skill_add("Bricolage", user=tours_member)
    added = skill_add("  Bricolage   à domicile ", user=facilitator, description="Petits travaux")
    assert (added.slug, added.label) == ("bricolage-a-domicile", "Bricolage à domicile")
    assert skill_add("Démarches de retraite", user=steward).slug == "demarches-de-retraite"


@pytest.mark.parametrize(("label", "message"), [
    ("INTERPRETARIAT", "« Interprétariat » existe déjà"),
    ("garde d’enfants", "« Garde d'enfants » existe déjà"),
    ("  ", "Écrivez le nom de la compétence"),
    ("x" * 151, "trop longs"),
])
def test_a_skill_already_listed_or_empty_is_refused(facilitator, label, message):
    before = skill_list().count()
    with pytest.raises(SkillError, match=message):
        skill_add(label, user=facilitator)
    assert Skill.objects.count() == before


# ---- Offers ----------------------------------------------------------------------------------


def test_a_member_declares_in_their_groups_only(cvl_zones, tours_group, other_group, tours_member):
    offer = offer_declare(user=tours_member, group=tours_group, skill=skill("garde-enfants"),
                          details="  le mercredi\n après-midi ", zone=zone(TOURS))
    assert (offer.person, offer.structure, offer.details) == (tours_member, None,
                                                             "le mercredi après-midi")
    with pytest.raises(PermissionDenied, match="ne faites pas partie"):
        offer_declare(user=tours_member, group=other_group, skill=skill("garde-enfants"))
    with pytest.raises(SkillError, match="déjà déclarée pour vous"):
        offer_declare(user=tours_member, group=tours_group, skill=skill("garde-enfants"),
                      zone=zone(TOURS))
    with pytest.raises(SkillError, match="300 au plus"):
        offer_declare(user=tours_member, group=tours_group, skill=skill("logement"),
                      details="x" * 301)
    assert SkillOffer.objects.count() == 1


def test_structures_are_declared_by_facilitators_and_stewards(
        tours_group, tours_member, facilitator, steward, amboise_centre):
    with pytest.raises(PermissionDenied, match="structure"):
        offer_declare(user=tours_member, group=tours_group, skill=skill("aide-numerique"),
                      structure=amboise_centre)
    offer = offer_declare(user=facilitator, group=tours_group, skill=skill("aide-numerique"),
                          structure=amboise_centre, details="ateliers le mardi")
    assert (offer.structure, offer.person, offer.created_by) == (amboise_centre, None,
                                                                 facilitator)
    offer_declare(user=steward, group=tours_group, skill=skill("ecrivain-public"),
                  structure=amboise_centre)
    amboise_centre.closed_on = date(2024, 6, 1)
    amboise_centre.save()
    with pytest.raises(SkillError, match="est fermée"):
        offer_declare(user=steward, group=tours_group, skill=skill("logement"),
                      structure=amboise_centre)
    assert not offers_visible(steward).filter(structure=amboise_centre).exists()


def test_withdraw_one_own_offer_only(helpers, tours_member, facilitator, amboise_centre,
                                     tours_group):
    with pytest.raises(PermissionDenied):
        offer_withdraw(helpers["spdc"], user=tours_member)
    with pytest.raises(PermissionDenied):  # facilitators do not withdraw members' offers
        offer_withdraw(helpers["spdc"], user=facilitator)
    offer_withdraw(helpers["spdc"], user=helpers["spdc"].person)
    assert not SkillOffer.objects.filter(pk=helpers["spdc"].pk).exists()
    structure_offer = offer_declare(user=facilitator, group=tours_group,
                                    skill=skill("logement"), structure=amboise_centre)
    with pytest.raises(PermissionDenied):
        offer_withdraw(structure_offer, user=tours_member)
    offer_withdraw(structure_offer, user=facilitator)
    assert not SkillOffer.objects.filter(pk=structure_offer.pk).exists()


# ---- Places and distances ----------------------------------------------------------------


def test_places_are_zones_by_name_or_code(cvl_zones):
    assert zone_find("joue les tours") == zone(JOUE)
    assert zone_find("37072") == zone(CHINON)
    assert zone_find("iris:372610101").name == "Centre 1"
    place = place_resolve("Tours")
    assert place.zone == zone(TOURS) and place.label == "Tours (commune 37261)"
    # A point inside Tours, about 1.5 km from the town hall at most.
    assert distance_km((place.lon, place.lat), (0.6893, 47.3900)) < 4
    assert place_resolve("   ") is None


def test_an_unknown_place_is_a_french_error(cvl_zones):
    with pytest.raises(SkillError, match="Lieu introuvable : « Atlantide »"):
        place_resolve("Atlantide")


def test_an_address_is_geocoded_when_no_zone_has_that_name(cvl_zones, monkeypatch):
    monkeypatch.setattr(skills_places, "_geocode",
                        lambda text: (0.6958, 47.3898, "12 Rue Nationale 37000 Tours"))
    place = place_resolve("12 rue Nationale, Tours")
    assert (place.label, place.zone, place.lon) == ("12 Rue Nationale 37000 Tours", None,
                                                    0.6958)


# ---- Search --------------------------------------------------------------------------------


def test_nearest_first_and_offers_without_place_last(helpers, tours_member):
    results = skill_search(tours_member, skill=skill("interpretariat"),
                           near=place_resolve("Tours"))
    assert [r.offer for r in results] == [helpers[k] for k in ("spdc", "joue", "chinon",
                                                               "nowhere")]
    spdc, joue, chinon, nowhere = results
    assert 1 < spdc.distance_km < 7 and 2 < joue.distance_km < 9
    assert 30 < chinon.distance_km < 55
    assert nowhere.distance_km is None and nowhere.distance_text == "distance inconnue"
    assert spdc.who == "Samia Exemple"
    assert spdc.where == "Saint-Pierre-des-Corps (commune 37233)"
    assert chinon.distance_text.startswith("à ") and chinon.distance_text.endswith(" km")
    assert "," in chinon.distance_text  # French decimal comma
    # From Chinon, the order turns round.
    from_chinon = skill_search(tours_member, skill=skill("interpretariat"),
                               near=place_resolve("Chinon"))
    assert from_chinon[0].offer == helpers["chinon"] and from_chinon[0].inside


def test_an_iris_inside_the_offers_commune_is_on_the_spot(cvl_zones, tours_group, tours_member):
    offer_declare(user=tours_member, group=tours_group, skill=skill("ecrivain-public"),
                  zone=zone(TOURS))
    near = place_resolve("372610101")  # an IRIS of Tours, loaded without contour
    assert near.zone.level == "iris"
    [result] = skill_search(tours_member, skill=skill("ecrivain-public"), near=near)
    assert result.inside and result.distance_km == 0 and result.distance_text == "sur place"


def test_words_are_found_in_the_details(helpers, tours_member):
    found = skill_search(tours_member, text="ARABE")
    assert {r.offer for r in found} == {helpers["spdc"], helpers["joue"], helpers["nowhere"]}
    assert [r.offer for r in skill_search(tours_member, text="turc arabe")] == [helpers["joue"]]
    assert skill_search(tours_member, skill=skill("logement"), text="arabe") == []


def test_members_offers_stay_in_their_group(helpers, outsider, other_group, tours_member,
                                            tours_group):
    assert skill_search(outsider, skill=skill("interpretariat")) == []
    # Even an outsider's own group search, or a facilitator of another group, sees nothing.
    boss = user_make("bernard", group=other_group, role="admin")
    assert not [r for r in skill_search(boss) if not r.is_structure]
    # Someone who leaves the group takes their offers away.
    Membership.objects.filter(user=helpers["joue"].person, group=tours_group).delete()
    assert helpers["joue"] not in {r.offer for r in skill_search(tours_member)}


def test_structures_offers_are_read_by_everyone_signed_in(
        helpers, amboise_centre, facilitator, tours_group, outsider, member):
    offer = offer_declare(user=facilitator, group=tours_group, skill=skill("interpretariat"),
                          structure=amboise_centre, details="langue des signes")
    for reader in (outsider, member):
        [result] = skill_search(reader, skill=skill("interpretariat"),
                                near=place_resolve("Tours"))
        assert result.offer == offer and result.is_structure
        assert result.who == "Centre social du Val d'Amboise"
        assert result.where == "1 rue Test, 37400 Amboise"
        assert 20 < result.distance_km < 27 and not result.approximate


def test_a_structure_without_position_is_placed_at_its_communes_centre(
        cvl_zones, tours_group, facilitator, tours_member):
    chinon = structure_make("Maison France services de Chinon", commune="Chinon", code=CHINON)
    offer_declare(user=facilitator, group=tours_group, skill=skill("aide-numerique"),
                  structure=chinon)
    [result] = skill_search(tours_member, near=place_resolve("Chinon"))
    assert result.approximate and result.distance_km < 3
    assert result.distance_text.startswith("à environ ")


def test_the_same_offer_declared_in_two_groups_is_listed_once(
        helpers, amboise_centre, tours_group, other_group, facilitator, steward):
    Membership.objects.create(user=facilitator, group=other_group, role="facilitator")
    for group in (tours_group, other_group):
        offer_declare(user=facilitator, group=group, skill=skill("logement"),
                      structure=amboise_centre)
    assert len(skill_search(steward, skill=skill("logement"))) == 1


def test_structures_are_found_by_number_or_by_name_and_commune(cvl_zones):
    tours = structure_make("Centre social", commune="Tours", code=TOURS)
    joue = structure_make("Centre social ", commune="Joué-lès-Tours", code=JOUE,
                          adresse="2 rue Test")
    structure_make("Épicerie solidaire", commune="Tours", code=TOURS)
    assert structure_find(str(tours.pk)) == tours
    assert structure_find("centre social joue") == joue
    assert structure_find("epicerie").nom == "Épicerie solidaire"
    with pytest.raises(SkillError, match=r"désigne 2 structures : .*n° \d+.*Ajoutez la commune"):
        structure_find("Centre social")
    with pytest.raises(SkillError, match="Aucune structure ouverte ne s'appelle"):
        structure_find("Piscine")
    with pytest.raises(SkillError, match="numéro 99999"):
        structure_find("99999")
