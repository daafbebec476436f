"""Checks of data·inclusion v1 records: each bad input of the issue gets a French message
naming the record and the field."""

import pytest

from terreau.directory.validation import (
    france_area,
    luhn_ok,
    service_problems,
    siret_message,
    structure_problems,
)
from terreau.directory.vocabularies import theme_create

WHERE = "objet 3 (« CCAS de Tours »)"


def structure(**changes) -> dict:
    data = {
        "source": "mediation-numerique", "id": "ccas-tours", "nom": "CCAS de Tours",
        "siret": "26370028800255", "code_insee": "37261", "code_postal": "37000",
        "commune": "Tours", "adresse": "4 rue Jules Simon",
        "latitude": 47.3941, "longitude": 0.6848, "courriel": "ccas@ville-tours.fr",
        "site_web": "https://www.tours.fr", "horaires_accueil": "Mo-Fr 08:30-12:30; PH off",
        "reseaux_porteurs": ["ccas-cias"], "date_maj": "2022-10-03",
    }
    data.update(changes)
    return data


def service(**changes) -> dict:
    data = {
        "source": "mediation-numerique", "id": "ccas-tours--aide", "structure_id": "ccas-tours",
        "nom": "Aide aux démarches en ligne", "description": "Un agent vous aide.",
        "type": "accompagnement", "thematiques": ["numerique--acceder-a-des-services-en-ligne"],
        "publics": ["tous-publics"], "frais": "gratuit", "modes_accueil": ["en-presentiel"],
        "modes_mobilisation": ["se-presenter"], "mobilisable_par": ["usagers"],
        "zone_eligibilite": ["37261", "37", "243700754"], "date_maj": "2022-10-03",
    }
    data.update(changes)
    return data


def only(problems):
    assert len(problems) == 1, problems
    assert problems[0].where == WHERE
    return problems[0]


def test_good_records_have_no_problem(vocabularies):
    assert structure_problems(structure(), WHERE) == []
    assert service_problems(service(), WHERE, 0) == []


def test_unknown_theme(vocabularies):
    data = service(thematiques=["numerique--acceder-a-des-services-en-ligne", "numerique"])
    problem = only(service_problems(data, WHERE, 2))
    assert problem.field == "services[2].thematiques[1]"
    assert problem.message.startswith("thématique inconnue : « numerique »")
    assert problem.blocking


def test_group_theme_is_known(vocabularies, tours_group, steward):
    theme = theme_create(tours_group, "Garde de nuit", "", steward)
    assert service_problems(service(thematiques=[theme.value]), WHERE, 0) == []


@pytest.mark.parametrize(("field", "value", "path", "says"), [
    ("publics", ["jeunes", "retraites"], "services[0].publics[1]", "public inconnu :"),
    ("frais", "gratuit-sous-conditions", "services[0].frais", "valeur de frais inconnue"),
    ("type", "permanence", "services[0].type", "type de service inconnu :"),
    ("modes_accueil", ["en-presentiel", "en-presentiel"], "services[0].modes_accueil[1]",
     "en double"),
    ("mobilisable_par", "usagers", "services[0].mobilisable_par", "liste de valeurs"),
    ("zone_eligibilite", ["37261", "3726"], "services[0].zone_eligibilite[1]",
     "code « 3726 » mal formé"),
    ("description", "", "services[0].description", "champ obligatoire « description »"),
    ("lien_mobilisation", "www.tours.fr", "services[0].lien_mobilisation", "lien"),
    ("nombre_semaines", 0, "services[0].nombre_semaines", "au moins 1"),
])
def test_service_fields(vocabularies, field, value, path, says):
    problem = only(service_problems(service(**{field: value}), WHERE, 0))
    assert problem.field == path
    assert says in problem.message


def test_tous_publics_alone_is_a_warning(vocabularies):
    problem = only(service_problems(service(publics=["tous-publics", "jeunes"]), WHERE, 0))
    assert not problem.blocking


def test_malformed_hours(vocabularies):
    data = structure(horaires_accueil="Mo-Th 09:00-12:00; Fr 09:00-12:00-17:00")
    problem = only(structure_problems(data, WHERE))
    assert problem.field == "horaires_accueil"
    assert problem.message.startswith("horaires illisibles à partir du caractère 34 (« -17:00 »)")
    problem = only(service_problems(service(horaires_accueil="9h-12h"), WHERE, 1))
    assert problem.field == "services[1].horaires_accueil"


@pytest.mark.parametrize(("latitude", "longitude", "field", "says"), [
    (97.39, 0.68, "latitude", "latitude 97.39 hors des limites (entre −90 et 90 degrés)"),
    (47.39, 190.0, "longitude", "longitude 190.0 hors des limites (entre −180 et 180"),
    (0.68, 47.39, "latitude", "hors de France"),
    (21.1, 55.5, "latitude", "signe moins perdu"),  # La Réunion's real defect
    (47.39, None, "longitude", "longitude manquante"),
    ("47,39", 0.68, "latitude", "un nombre est attendu"),
])
def test_positions(vocabularies, latitude, longitude, field, says):
    problem = only(structure_problems(structure(latitude=latitude, longitude=longitude), WHERE))
    assert problem.field == field
    assert says in problem.message


def test_overseas_positions_are_in_france(vocabularies):
    assert france_area(55.45, -20.88) == "La Réunion"
    assert france_area(-61.55, 16.24) == "la Guadeloupe"
    assert france_area(-52.33, 4.93) == "la Guyane"
    assert france_area(45.23, -12.78) == "Mayotte"
    assert france_area(-61.07, 14.6) == "la Martinique"
    assert france_area(9.45, 42.7) == "la France métropolitaine"  # Bastia
    assert france_area(-5.8, 36.0) is None
    assert structure_problems(structure(latitude=-20.88, longitude=55.45,
                                        code_insee="97411", code_postal="97400"), WHERE) == []


def test_siret_check_digit(vocabularies):
    problem = only(structure_problems(structure(siret="26370028800256"), WHERE))
    assert problem.field == "siret"
    assert "clé de contrôle est fausse" in problem.message
    assert "14 chiffres" in siret_message("2137026140001")
    assert "14 chiffres" in siret_message("213 702 614 00019")


def test_la_poste_siret_exception():
    assert not luhn_ok("35600000059188")
    assert siret_message("35600000059188") is None  # a real La Poste office (Tours file)
    assert siret_message("35600000000048") is None  # its head office passes Luhn
    assert siret_message("35600000059189") is not None


def test_zero_siret_is_a_warning(vocabularies):
    assert not only(structure_problems(structure(siret="00000000000000"), WHERE)).blocking


@pytest.mark.parametrize(("field", "value", "says"), [
    ("code_insee", "3726", "code INSEE « 3726 » mal formé"),
    ("code_postal", "37 000", "code postal « 37 000 » mal formé"),
    ("courriel", "ccas.tours.fr", "adresse électronique « ccas.tours.fr » mal formée"),
    ("site_web", "tours.fr", "lien « tours.fr » mal formé"),
    ("date_maj", "03/10/2022", "AAAA-MM-JJ"),
    ("date_maj", None, "champ obligatoire « date_maj »"),
])
def test_structure_fields(vocabularies, field, value, says):
    problem = only(structure_problems(structure(**{field: value}), WHERE))
    assert problem.field == field
    assert says in problem.message


def test_lengths_are_warnings(vocabularies):
    """"3R" is a real place in Chartres: kept, but not exported until its name is longer."""
    problem = only(structure_problems(structure(nom="3R"), WHERE))
    assert problem.field == "nom" and not problem.blocking
    assert "de 3 à 150 caractères (2 ici)" in problem.message
    problem = only(service_problems(service(description="Non"), WHERE, 0))
    assert problem.field == "services[0].description" and not problem.blocking


def test_unknown_network(vocabularies):
    problem = only(structure_problems(structure(reseaux_porteurs=["ccas"]), WHERE))
    assert problem.field == "reseaux_porteurs[0]"
    assert problem.message.startswith("réseau porteur inconnu : « ccas »")


def test_corsica_codes(vocabularies):
    assert structure_problems(structure(code_insee="2A004", latitude=41.92, longitude=8.74),
                              WHERE) == []
    assert service_problems(service(zone_eligibilite=["2A", "2B", "974", "france", "99100"]),
                            WHERE, 0) == []
