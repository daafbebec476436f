"""Hand-made structures and services for the search, pages, API and sheet tests.

Built with the models and `v1.structure_fields` / `service_fields`, as an import would. Real
places of Indre-et-Loire (positions rounded), fictitious services:

- "Espace numérique Tours Centre" (Tours, weekday hours): "Aide aux démarches en ligne"
  (numérique, free, on site, eligibility Tours), "Prêt d'ordinateurs" (numérique, paying,
  remote, its own Saturday hours);
- "Centre social de Joué" (Joué-lès-Tours, position approximate): "Accès aux soins pour tous"
  (santé, free, families, eligibility: département 37);
- "Point logement Amboise" (Amboise, no hours): "Trouver un logement" (logement, free);
- "Ancienne permanence" (Tours, closed on 2024-06-30): "Permanence numérique fermée";
- "Cyber-base de Blois" (Loir-et-Cher): "Atelier numérique Blois" (eligibility 41).

Times: 2025-03-11 is a Tuesday; at 10 h Tours' weekday places are open, at 13 h closed.
"""

import datetime
import zoneinfo

from terreau.directory.models import Service, Structure
from terreau.directory.v1 import service_fields, structure_fields

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TUESDAY_10H = datetime.datetime(2025, 3, 11, 10, 0, tzinfo=PARIS)
TUESDAY_13H = datetime.datetime(2025, 3, 11, 13, 0, tzinfo=PARIS)
SATURDAY_10H = datetime.datetime(2025, 3, 15, 10, 0, tzinfo=PARIS)
TOURS_STATION = (0.6937, 47.3897)  # place du Général-Leclerc, Tours
WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-17:00"
DAY = "2025-01-15"


def structure_make(source_id: str, nom: str, **fields) -> Structure:
    data = {"source": "terreau-tests", "id": source_id, "nom": nom, "date_maj": DAY, **fields}
    extra = {k: data.pop(k) for k in ("position_approximate", "example", "closed_on", "group")
             if k in data}
    return Structure.objects.create(**structure_fields(data), **extra)


def service_make(structure: Structure, source_id: str, nom: str, **fields) -> Service:
    data = {"source": "terreau-tests", "id": source_id, "structure_id": structure.source_id,
            "nom": nom, "description": fields.pop("description", f"Service {nom}."),
            "date_maj": DAY, **fields}
    closed = data.pop("closed_on", None)
    return Service.objects.create(structure=structure, closed_on=closed,
                                  **service_fields(data))


def directory_make() -> dict[str, Service]:
    """The services above, by short name."""
    tours = structure_make(
        "tours-num", "Espace numérique Tours Centre", adresse="12 rue Nationale",
        code_postal="37000", code_insee="37261", commune="Tours", longitude=0.6889,
        latitude=47.3941, telephone="02 47 00 00 01", horaires_accueil=WEEKDAYS,
        courriel="contact@espace-num.example.org",
        accessibilite_lieu="https://acceslibre.beta.gouv.fr/app/37-tours/a/espace/erp/x/")
    joue = structure_make(
        "joue-cs", "Centre social de Joué", code_postal="37300", code_insee="37122",
        commune="Joué-lès-Tours", longitude=0.6636, latitude=47.3522,
        position_approximate=True, horaires_accueil="Mo-Fr 08:30-18:00", example=True)
    amboise = structure_make(
        "amboise-log", "Point logement Amboise", adresse="1 place de la Mairie",
        code_postal="37400", code_insee="37003", commune="Amboise", longitude=0.9829,
        latitude=47.4125, telephone="02 47 00 00 03")
    old = structure_make(
        "tours-old", "Ancienne permanence", code_insee="37261", commune="Tours",
        longitude=0.6900, latitude=47.3930, closed_on=datetime.date(2024, 6, 30))
    blois = structure_make(
        "blois-cyber", "Cyber-base de Blois", code_insee="41018", commune="Blois",
        longitude=1.3359, latitude=47.5861, horaires_accueil=WEEKDAYS)
    return {
        "demarches": service_make(
            tours, "demarches", "Aide aux démarches en ligne",
            thematiques=["numerique--acceder-a-des-services-en-ligne"],
            publics=["tous-publics"], frais="gratuit", modes_accueil=["en-presentiel"],
            modes_mobilisation=["se-presenter", "telephoner"], zone_eligibilite=["37261"]),
        "ordinateurs": service_make(
            tours, "ordinateurs", "Prêt d'ordinateurs",
            thematiques=["numerique--acquerir-un-equipement"], frais="payant",
            frais_precisions="5 € par mois", modes_accueil=["a-distance"],
            horaires_accueil="Sa 09:00-12:00"),
        "soins": service_make(
            joue, "soins", "Accès aux soins pour tous", thematiques=["sante--acces-aux-soins"],
            publics=["familles"], frais="gratuit", modes_accueil=["en-presentiel"],
            zone_eligibilite=["37"]),
        "logement": service_make(
            amboise, "logement", "Trouver un logement",
            thematiques=["logement-hebergement--louer-un-logement"], frais="gratuit",
            modes_accueil=["en-presentiel"], zone_eligibilite=["37003"]),
        "ferme": service_make(
            old, "ferme", "Permanence numérique fermée",
            thematiques=["numerique--acceder-a-une-connexion-internet"], frais="gratuit"),
        "blois": service_make(
            blois, "blois", "Atelier numérique Blois",
            thematiques=["numerique--maitriser-les-fondamentaux-du-numerique"],
            frais="gratuit", modes_accueil=["en-presentiel"], zone_eligibilite=["41"]),
    }
