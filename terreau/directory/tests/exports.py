"""A small directory for the export tests, built as the importers write records: data·inclusion
v1 dicts through `v1.structure_fields` / `service_fields`. Contents follow real records of
the Tours files (CCAS, La Poste, a centre social); the example structure is fictitious."""

import datetime

import pytest

from terreau.directory.models import Service, Structure
from terreau.directory.v1 import service_fields, structure_fields
from terreau.directory.vocabularies import theme_create

TODAY = datetime.date(2024, 8, 1)


def structure_make(data: dict, **model) -> Structure:
    base = {"source": "mediation-numerique", "date_maj": "2022-10-03"}
    return Structure.objects.create(**structure_fields({**base, **data}), **model)


def service_make(structure: Structure, data: dict, **model) -> Service:
    base = {"source": structure.source, "structure_id": structure.source_id,
            "date_maj": "2022-10-03"}
    return Service.objects.create(structure=structure, **service_fields({**base, **data}),
                                  **model)


@pytest.fixture(name="directory")
def directory_fixture(vocabularies, tours_group, other_group):
    """Tours: the CCAS (two services, one closed, a group theme), a closed place, an example;
    the instance: La Poste Sanitas; Blois: a centre social."""
    night = theme_create(tours_group, "Garde d'enfants en horaires décalés", "", None)
    ccas = structure_make({
        "id": "ccas-tours", "nom": "CCAS de Tours", "siret": "26370028800255",
        "adresse": "4 rue Jules Simon", "code_postal": "37000", "code_insee": "37261",
        "commune": "Tours", "latitude": 47.3941, "longitude": 0.6848,
        "telephone": "+33247702000", "courriel": "ccas@ville-tours.fr",
        "site_web": "https://www.tours.fr", "horaires_accueil": "Mo-Fr 08:30-12:30; PH off",
        "reseaux_porteurs": ["ccas-cias"], "description": "Le centre communal d'action sociale.",
    }, group=tours_group)
    service_make(ccas, {
        "id": "ccas-tours--numerique", "nom": "Aide aux démarches en ligne",
        "description": "Un agent vous aide à faire vos démarches sur Internet.",
        "type": "accompagnement",
        "thematiques": ["numerique--acceder-a-des-services-en-ligne", night.value],
        "publics": ["tous-publics"], "frais": "gratuit",
        "modes_accueil": ["en-presentiel"], "modes_mobilisation": ["se-presenter", "telephoner"],
        "mobilisable_par": ["usagers", "professionnels"],
        "zone_eligibilite": ["37261", "243700754"], "contact_nom_prenom": "Camille Martin",
        "horaires_accueil": "Tu,Th 09:00-12:00",
    })
    service_make(ccas, {"id": "ccas-tours--garde", "nom": "Garde de nuit",
                        "description": "Garde d'enfants la nuit.",
                        "thematiques": [night.value]})
    service_make(ccas, {"id": "ccas-tours--ancien", "nom": "Ancien atelier",
                        "description": "Atelier qui n'a plus lieu."},
                 closed_on=datetime.date(2023, 12, 31))
    structure_make({"id": "espace-ferme", "nom": "Espace numérique fermé",
                    "code_insee": "37261"}, group=tours_group,
                   closed_on=datetime.date(2024, 1, 31))
    structure_make({"id": "exemple-1", "nom": "Maison des services (exemple)",
                    "code_insee": "37261"}, group=tours_group, example=True)
    poste = structure_make({
        "id": "la-poste-tours-sanitas", "nom": "La Poste Tours Sanitas",
        "siret": "35600000059188", "code_insee": "37261", "code_postal": "37000",
        "commune": "Tours", "latitude": 47.3835, "longitude": 0.6929,
        "reseaux_porteurs": ["la-poste", "france-service"],
    })
    service_make(poste, {"id": "la-poste-tours-sanitas--fs", "nom": "France services",
                         "description": "- Aide aux démarches administratives.",
                         "thematiques": ["difficultes-administratives-ou-juridiques--"
                                         "accompagnement-aux-demarches-administratives"],
                         "zone_eligibilite": ["37"]})
    structure_make({"id": "cs-blois", "nom": "Centre social de Blois", "code_insee": "41018",
                    "latitude": 47.5861, "longitude": 1.3359}, group=other_group)
    return {"ccas": ccas, "poste": poste, "night": night}
