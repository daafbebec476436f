"""The search's filters on hand-made services: theme (exact or family), public, free, mode,
open now at a fixed time, words, zone (located in / eligibility covering it), distance
ordering and radius, closed records left out unless asked."""


import pytest

from terreau.directory.search import SCOPE_ELIGIBLE, SCOPE_LOCATED, Filters, haversine_km, search
from terreau.territory.models import Zone

from .test_search_fixtures import (
    SATURDAY_10H,
    TOURS_STATION,
    TUESDAY_10H,
    TUESDAY_13H,
    directory_make,
    service_make,
    structure_make,
)


@pytest.fixture
def services(vocabularies):
    return directory_make()


def names(filters: Filters) -> list[str]:
    return [hit.service.nom for hit in search(filters).hits]


def zone(level: str, code: str) -> Zone:
    return Zone.objects.get(level=level, code=code)


@pytest.mark.django_db
def test_without_filter_every_open_service_is_listed_by_structure(services):
    assert names(Filters()) == [
        "Accès aux soins pour tous", "Atelier numérique Blois", "Aide aux démarches en ligne",
        "Prêt d'ordinateurs", "Trouver un logement"]


@pytest.mark.django_db
def test_closed_records_are_left_out_unless_asked(services):
    assert "Permanence numérique fermée" not in names(Filters(theme="numerique"))
    found = search(Filters(theme="numerique", closed=True)).hits
    closed = [h for h in found if h.service.nom == "Permanence numérique fermée"]
    assert len(closed) == 1 and closed[0].closed


@pytest.mark.django_db
def test_a_closed_service_of_an_open_structure_is_left_out(services):
    service = services["ordinateurs"]
    service.closed_on = TUESDAY_10H.date()
    service.save()
    assert "Prêt d'ordinateurs" not in names(Filters())


@pytest.mark.django_db
def test_theme_by_family_or_by_exact_value(services):
    assert names(Filters(theme="numerique")) == [
        "Atelier numérique Blois", "Aide aux démarches en ligne", "Prêt d'ordinateurs"]
    assert names(Filters(theme="numerique--acquerir-un-equipement")) == ["Prêt d'ordinateurs"]
    assert names(Filters(theme="sante")) == ["Accès aux soins pour tous"]
    assert names(Filters(theme="num")) == []  # a family is a whole prefix, not a fragment


@pytest.mark.django_db
def test_public_free_and_mode(services):
    assert names(Filters(public="familles")) == ["Accès aux soins pour tous"]
    assert "Prêt d'ordinateurs" not in names(Filters(free=True))
    assert len(names(Filters(free=True))) == 4
    assert names(Filters(mode="a-distance")) == ["Prêt d'ordinateurs"]
    assert "Prêt d'ordinateurs" not in names(Filters(mode="en-presentiel"))


@pytest.mark.django_db
def test_open_now_uses_the_service_hours_else_the_structure_hours(services):
    # Tuesday 10 h: Tours' and Blois' weekday hours, Joué's; the loan service opens Saturdays
    # only (its own hours win over its structure's); Amboise gives no hours.
    assert names(Filters(open_now=True, at=TUESDAY_10H)) == [
        "Accès aux soins pour tous", "Atelier numérique Blois", "Aide aux démarches en ligne"]
    assert names(Filters(open_now=True, at=TUESDAY_13H)) == ["Accès aux soins pour tous"]
    assert names(Filters(open_now=True, at=SATURDAY_10H)) == ["Prêt d'ordinateurs"]


@pytest.mark.django_db
def test_words_ignore_case_and_accents_and_read_structures_and_themes(services):
    assert names(Filters(text="DEMARCHES")) == ["Aide aux démarches en ligne"]
    assert names(Filters(text="joue soins")) == ["Accès aux soins pour tous"]
    # "équipement" is in the label of the loan service's theme, not in its name.
    assert names(Filters(text="équipement")) == ["Prêt d'ordinateurs"]


@pytest.mark.django_db
def test_distance_orders_the_nearest_first_and_the_radius_cuts(services):
    hits = search(Filters(origin=TOURS_STATION)).hits
    assert [h.service.nom for h in hits][:3] == [
        "Aide aux démarches en ligne", "Prêt d'ordinateurs", "Accès aux soins pour tous"]
    assert [h.service.nom for h in hits][-1] == "Atelier numérique Blois"
    distances = [h.distance_km for h in hits]
    assert distances == sorted(distances)
    assert 0.5 < distances[0] < 0.8  # gare de Tours → rue Nationale
    assert 50 < distances[-1] < 60  # Tours → Blois
    near = names(Filters(origin=TOURS_STATION, radius_km=10))
    assert near == ["Aide aux démarches en ligne", "Prêt d'ordinateurs",
                    "Accès aux soins pour tous"]


@pytest.mark.django_db
def test_services_without_position_come_last_or_are_cut_by_a_radius(services):
    nowhere = structure_make("nowhere", "Sans adresse", commune="Tours", code_insee="37261")
    service_make(nowhere, "nowhere-1", "Service sans position")
    assert names(Filters(origin=TOURS_STATION))[-1] == "Service sans position"
    assert "Service sans position" not in names(Filters(origin=TOURS_STATION, radius_km=100))


@pytest.mark.django_db
def test_zone_located_or_eligible_says_which(services, cvl_zones):
    tours = zone("commune", "37261")
    located = search(Filters(zone=tours, zone_scope=SCOPE_LOCATED)).hits
    assert [h.service.nom for h in located] == ["Aide aux démarches en ligne",
                                                "Prêt d'ordinateurs"]
    eligible = search(Filters(zone=tours, zone_scope=SCOPE_ELIGIBLE)).hits
    # Tours' own code and the département 37 cover Tours; Amboise's and Blois' do not.
    assert {h.service.nom: h.in_zone for h in eligible} == {
        "Accès aux soins pour tous": "ouvert aux habitant·es de la zone",
        "Aide aux démarches en ligne": "ouvert aux habitant·es de la zone"}
    both = {h.service.nom: h.in_zone for h in search(Filters(zone=tours)).hits}
    assert both == {"Accès aux soins pour tous": "ouvert aux habitant·es de la zone",
                    "Aide aux démarches en ligne": "situé dans la zone",
                    "Prêt d'ordinateurs": "situé dans la zone"}


@pytest.mark.django_db
def test_a_departement_holds_the_services_coded_in_it(services, cvl_zones):
    located = names(Filters(zone=zone("departement", "37"), zone_scope=SCOPE_LOCATED))
    assert located == ["Accès aux soins pour tous", "Aide aux démarches en ligne",
                       "Prêt d'ordinateurs", "Trouver un logement"]


@pytest.mark.django_db
def test_an_iris_without_contour_falls_back_to_its_commune_and_says_so(services, cvl_zones):
    iris = Zone.objects.filter(level="iris", code__startswith="37261").first()
    results = search(Filters(zone=iris, zone_scope=SCOPE_LOCATED))
    assert [h.service.nom for h in results.hits] == ["Aide aux démarches en ligne",
                                                     "Prêt d'ordinateurs"]
    assert "n'a pas de contour" in results.notes[0] and "Tours" in results.notes[0]
    # Its eligibility is that of its ancestors: Tours and the département.
    assert len(search(Filters(zone=iris, zone_scope=SCOPE_ELIGIBLE)).hits) == 2


@pytest.mark.django_db
def test_a_zone_with_a_contour_holds_the_points_inside(services, cvl_zones):
    """A zone that is not coded like the services (a QPV, a drawn zone): by contour."""
    import shapely

    square = shapely.box(0.68, 47.38, 0.70, 47.40)  # around Tours' centre
    custom = Zone.objects.create(level="qpv", code="QN03701M", name="Centre-ville (essai)",
                                 search_name="centre-ville", geometry=shapely.to_wkb(square))
    assert names(Filters(zone=custom, zone_scope=SCOPE_LOCATED)) == [
        "Aide aux démarches en ligne", "Prêt d'ordinateurs"]


def test_haversine_matches_a_known_distance():
    import numpy as np

    # Paris (Notre-Dame) → Tours (gare): about 205 km as the crow flies.
    distance = haversine_km(np.array([0.6937]), np.array([47.3897]), (2.3499, 48.8530))[0]
    assert 200 < distance < 212


@pytest.mark.django_db
def test_a_few_thousand_services_open_now_come_nearest_first(vocabularies):
    from terreau.directory.models import Service, Structure
    from terreau.directory.v1 import service_fields, structure_fields

    structures = Structure.objects.bulk_create([Structure(**structure_fields({
        "source": "bench", "id": f"s{i}", "nom": f"Lieu {i}", "date_maj": "2025-01-01",
        "longitude": 0.5 + (i % 50) / 100, "latitude": 47.2 + (i // 50) / 100,
        "horaires_accueil": "Mo-Fr 09:00-17:00"})) for i in range(3000)])
    Service.objects.bulk_create([Service(structure=s, **service_fields({
        "source": "bench", "id": f"v{s.source_id}", "nom": f"Service {s.nom}",
        "date_maj": "2025-01-01", "thematiques": ["numerique--acquerir-un-equipement"],
        "frais": "gratuit"})) for s in structures])
    hits = search(Filters(theme="numerique", open_now=True, origin=TOURS_STATION,
                          at=TUESDAY_10H)).hits
    assert len(hits) == 3000 and hits[0].distance_km <= hits[-1].distance_km
