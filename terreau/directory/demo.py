"""The directory's demo: the real services of Centre-Val de Loire, a few labelled examples in
the pilot neighbourhoods, and the gap map on digital help of the Tours group.

Real files (data folder `services/real/`, see its MANIFEST.md), imported for the whole
instance as a steward would: the France services of August 2024, the lieux de médiation
numérique of February 2023 and the Pôle emploi sites of 2019 (the importers' ready-made
column mapping). Their real defects stay visible: the few records the checks refuse
(unreadable opening hours, a two-letter name) are left out and counted.

The examples are fictitious, say so in their name ("(exemple)") and are flagged `example`
(never exported). Loading twice changes nothing: the imports find their records again.
"""

import datetime
import time
from pathlib import Path

from terreau.accounts.models import TerritorialGroup

from .importers import ReadError, read_file
from .imports import ImportRefused, import_apply
from .models import Structure
from .v1 import SourceRecord
from .vocabularies import vocabularies_load

REAL_FILES = (
    ("France services (ANCT, août 2024)",
     "france-services/liste-fs-20240801-centre-val-de-loire.csv", "france-services"),
    ("lieux de médiation numérique (février 2023)",
     "mediation-numerique/lieux-mediation-numerique-2023-02-centre-val-de-loire.json",
     "mednum"),
    ("sites Pôle emploi (2019)", "emploi/pole-emploi-agences-2019-centre-val-de-loire.csv",
     "table"),
)
EXAMPLE_SOURCE = "terreau-exemple"
EXAMPLE_GROUP = "tours-insertion"
EXAMPLE_DATE = datetime.date(2026, 1, 15)
EXAMPLES = (
    {"id": "sanitas-numerique", "nom": "Point numérique du centre social du Sanitas (exemple)",
     "adresse": "10 place Neuve", "code_postal": "37000", "code_insee": "37261",
     "commune": "Tours", "longitude": 0.6930, "latitude": 47.3832,
     "telephone": "02 47 00 00 01", "horaires_accueil": "Tu,Th 14:00-17:30; Sa 09:30-12:00",
     "description": "Fiche fictive de démonstration : une permanence d'aide aux démarches en "
                    "ligne et des ateliers d'initiation, dans un centre social du quartier.",
     "services": [
         {"id": "sanitas-demarches", "nom": "Aide aux démarches en ligne (exemple)",
          "type": "accompagnement", "frais": "gratuit",
          "thematiques": ["numerique--acceder-a-des-services-en-ligne"],
          "publics": ["tous-publics"], "modes_accueil": ["en-presentiel"],
          "modes_mobilisation": ["se-presenter", "telephoner"],
          "mobilisable_par": ["usagers", "professionnels"],
          "description": "Un·e médiateur·rice aide à créer un compte, remplir un dossier "
                         "CAF ou France Travail, prendre un rendez-vous (fiche fictive)."},
         {"id": "sanitas-ateliers", "nom": "Ateliers « premiers pas » (exemple)",
          "type": "atelier", "frais": "gratuit",
          "thematiques": ["numerique--maitriser-les-fondamentaux-du-numerique"],
          "publics": ["seniors", "residents-qpv-frr"], "modes_accueil": ["en-presentiel"],
          "modes_mobilisation": ["se-presenter"], "mobilisable_par": ["usagers"],
          "description": "Cycles de quatre séances sur tablette et ordinateur, en petit "
                         "groupe (fiche fictive)."},
     ]},
    {"id": "rabiere-garde", "nom": "Réseau solidaire de garde d'enfants de la Rabière (exemple)",
     "adresse": "Rue de la Rotière", "code_postal": "37300", "code_insee": "37122",
     "commune": "Joué-lès-Tours", "longitude": 0.6655, "latitude": 47.3445,
     "horaires_accueil": "Mo-Fr 08:30-12:00",
     "description": "Fiche fictive de démonstration : des familles du quartier et des "
                    "assistantes maternelles s'organisent pour garder les enfants pendant "
                    "un entretien d'embauche ou une formation.",
     "services": [
         {"id": "rabiere-garde-ponctuelle", "nom": "Garde ponctuelle d'enfants (exemple)",
          "type": "aide-materielle", "frais": "gratuit",
          "thematiques": ["famille--garde-denfants"],
          "publics": ["familles", "demandeurs-emploi"], "modes_accueil": ["en-presentiel"],
          "modes_mobilisation": ["telephoner"],
          "mobilisable_par": ["usagers", "professionnels"],
          "description": "Garde d'une demi-journée, le temps d'un rendez-vous ou d'une "
                         "formation (fiche fictive)."},
     ]},
    {"id": "europe-permanence", "nom": "Permanence numérique de la médiathèque Europe (exemple)",
     "adresse": "Place de l'Europe", "code_postal": "37100", "code_insee": "37261",
     "commune": "Tours", "longitude": 0.6952, "latitude": 47.4158,
     "horaires_accueil": "We 14:00-18:00",
     "description": "Fiche fictive de démonstration : accès libre à des ordinateurs et une "
                    "aide ponctuelle, le mercredi après-midi.",
     "services": [
         {"id": "europe-acces-libre", "nom": "Ordinateurs en accès libre (exemple)",
          "type": "aide-materielle", "frais": "gratuit",
          "thematiques": ["numerique--acceder-a-une-connexion-internet"],
          "publics": ["tous-publics"], "modes_accueil": ["en-presentiel"],
          "modes_mobilisation": ["se-presenter"], "mobilisable_par": ["usagers"],
          "description": "Quatre postes et une imprimante, avec une aide ponctuelle "
                         "(fiche fictive)."},
     ]},
)


def example_records() -> list[SourceRecord]:
    """The examples as the importers would hand them over (v1 dicts)."""
    records = []
    for number, example in enumerate(EXAMPLES, 1):
        structure = {k: v for k, v in example.items() if k != "services"}
        structure.update(source=EXAMPLE_SOURCE, date_maj=EXAMPLE_DATE)
        services = [{**service, "source": EXAMPLE_SOURCE, "structure_id": example["id"],
                     "date_maj": EXAMPLE_DATE} for service in example["services"]]
        records.append(SourceRecord(f"exemple {number}", structure, services))
    return records


def _import(label: str, records: list[SourceRecord], group=None) -> str:
    try:
        report = import_apply(records, group=group, user=None, leave_out_refused=True,
                              note=f"Démonstration : {label}")
    except ImportRefused as error:
        return f"{label} : import refusé ({error})"
    refused = ", ".join(f"{r['where']} « {r['nom']} »" for r in report.refused_records)
    return (f"{label} : {report.read} fiches, {report.created} créées, {report.updated} "
            f"mises à jour, {report.merged} doublons fusionnés, {report.refused} refusées"
            + (f" ({refused})" if refused else "") + ".")


def demo_directory_load(data_dir: Path | None = None) -> str:
    """Load the directory's demo; return what was done, in French, one line per step."""
    from terreau.core.demo import data_dir_find  # core.demo calls this module

    started = time.perf_counter()
    data_dir = data_dir or data_dir_find()
    services_dir = data_dir / "services" if data_dir is not None else None
    if services_dir is None or not (services_dir / "data-inclusion" / "extra").is_dir():
        return ("Annuaire : dossier services/ absent des données, annuaire de démonstration "
                "laissé de côté.")
    lines = [f"Annuaire : {vocabularies_load(services_dir / 'data-inclusion')} valeurs des "
             "listes data·inclusion."]
    for label, path, fmt in REAL_FILES:
        try:
            records = read_file(services_dir / "real" / path, fmt)
        except ReadError as error:
            lines.append(f"{label} : fichier illisible ({error})")
            continue
        lines.append(_import(label, records))
    group = TerritorialGroup.objects.filter(slug=EXAMPLE_GROUP).first()
    lines.append(_import("exemples des quartiers pilotes", example_records(), group))
    Structure.objects.filter(source=EXAMPLE_SOURCE, example=False).update(example=True)
    lines.append(_gap_map())
    lines.append(f"Annuaire chargé en {time.perf_counter() - started:.1f} s.")
    return "\n      ".join(lines)


def _gap_map() -> str:
    try:
        from .gap_demo import gap_demo_load
    except ImportError:
        return "carte des besoins sans réponse : module absent"
    return gap_demo_load()
