"""The ANCT list of France services (CSV), in its 2022 and 2024 column sets.

No Django here. One structure per line (`id_fs` is the source id, source "france-services")
with one service, "Accompagnement aux démarches administratives". The columns changed
between the two published versions and both are read:

- 2024: `type_fs` (Principal/Antenne), `format_fs` (Fixe, Bus_équivalent, Itinérante,
  Multisites, Fixe_antenne(s)), `groupe_fs`, `labellisation_fs`, `prise_rdv` (Oui/Non);
- 2022: `format_fs` holds Site principal/Antenne (the 2024 `type_fs`), `itinerance`
  (Oui/Non) says the bus, `groupe`, `labellisation`, no `prise_rdv`.

Opening hours are free text per weekday (`09:00 - 12:00 / 13:30 - 17:00`, empty = closed)
and become OpenStreetMap syntax (`Mo 09:00-12:00,13:30-17:00; …`). The list has no
update date: the date in its file name (liste-fs-20240801) is used.
"""

import re
from pathlib import Path

from . import clean
from .records import Builder, date_from_name, place_copy
from .sources import ReadError, is_json, table_load, wrong_format

SOURCE = "france-services"
DAYS = (("h_lundi", "Mo"), ("h_mardi", "Tu"), ("h_mercredi", "We"), ("h_jeudi", "Th"),
        ("h_vendredi", "Fr"), ("h_samedi", "Sa"), ("h_dimanche", "Su"))
THEMES = [
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "numerique--acceder-a-des-services-en-ligne",
]
DESCRIPTION = (
    "Accueil, information et accompagnement dans les démarches administratives du quotidien "
    "(emploi, retraite, famille, social, santé, logement, énergie, papiers, impôts, accès "
    "au droit) par des agents France services formés, avec un accès libre à un poste "
    "informatique.")
ITINERANT_FORMATS = {"bus_equivalent", "itinerante", "itinerant", "bus"}
RANGE = re.compile(r"^(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})$")


def read(path: Path, source: str = "") -> list:
    if is_json(path):
        raise wrong_format(path, "une liste France services", "un fichier CSV était attendu")
    table = table_load(path)
    if not {"id_fs", "lib_fs"} <= table.keys:
        raise wrong_format(path, "une liste France services", "il n'a pas les colonnes id_fs "
                           "et lib_fs des listes de l'ANCT", table.keys)
    date_maj = date_from_name(path)
    records = [_record(line, {clean.key(k): v for k, v in row.items()}, source or SOURCE,
                       date_maj) for line, row in table.rows]
    if not records:
        raise ReadError(f"Le fichier {path.name} ne contient aucune France services.")
    return records


def hours_osm(days: dict[str, str]) -> tuple[str | None, list[str]]:
    """Return (OSM opening hours, problems) from {"Mo": "09:00 - 12:00 / 13:30 - 17:00"}.

    Days with the same hours are not merged into ranges (Mo-Fr): one rule per day stays
    readable next to the source and is exactly as valid. "00:00 - 00:00" (a placeholder in
    the 2022 list) and unreadable cells are reported and left out.
    """
    rules, problems = [], []
    for day, cell in days.items():
        cell = clean.text(cell)
        if cell is None:
            continue
        ranges = []
        for part in cell.split("/"):
            found = RANGE.match(part.strip())
            if not found:
                problems.append(f"{day} : « {cell} » n'est pas une plage horaire lisible")
                ranges = []
                break
            h1, m1, h2, m2 = (int(g) for g in found.groups())
            if (h1, m1) == (h2, m2):
                problems.append(f"{day} : « {cell} » n'est pas une plage horaire (début = fin)")
                ranges = []
                break
            ranges.append(f"{h1:02}:{m1:02}-{h2:02}:{m2:02}")
        if ranges:
            rules.append(f"{day} {','.join(ranges)}")
    return ("; ".join(rules) or None), problems


def _record(line: int, row: dict, source: str, date_maj: str | None):
    build = Builder(f"ligne {line}", row.get("lib_fs"))
    ident = clean.text(row.get("id_fs"))
    if ident is None:
        build.problem("id_fs", "identifiant France services absent", blocking=True)
    structure = {"source": source, "id": ident, "nom": clean.text(row.get("lib_fs")),
                 "date_maj": date_maj}
    if date_maj is None:
        build.problem("date_maj", "la liste ne dit pas sa date (attendue dans le nom du "
                                  "fichier, ex. liste-fs-20240801.csv)")
    build.address(structure, {"adresse": row.get("adresse"),
                              "complement_adresse": row.get("complement_adresse"),
                              "commune": row.get("lib_com"),
                              "code_postal": row.get("code_postal"),
                              "code_insee": row.get("insee_com"),
                              "latitude": row.get("latitude"),
                              "longitude": row.get("longitude")})
    build.contacts(structure, {"telephone": row.get("telephone"), "courriel": row.get("mail")})
    hours, hour_problems = hours_osm({day: row.get(column) for column, day in DAYS})
    for message in hour_problems:
        build.problem("horaires_accueil", message + " : jour ignoré")
    structure["horaires_accueil"] = hours
    structure["reseaux_porteurs"] = ["france-service"]
    structure.update(_extra(row, build))
    return build.record(structure, [_service(structure, row)])


def _extra(row: dict, build: Builder) -> dict:
    """The France services fields with no v1 equivalent, under the 2024 names."""
    if "type_fs" in row:  # 2024
        kind, layout = clean.text(row.get("type_fs")), clean.text(row.get("format_fs"))
        group = clean.text(row.get("groupe_fs"))
        label = clean.text(row.get("labellisation_fs"))
        itinerant = clean.key(layout or "") in ITINERANT_FORMATS
    else:  # 2022: format_fs held the type, the bus was a column of its own
        kind = clean.text(row.get("format_fs"))
        kind = "Principal" if kind == "Site principal" else kind
        layout, group = None, clean.text(row.get("groupe"))
        label = clean.text(row.get("labellisation"))
        itinerant = bool(clean.boolean(row.get("itinerance")))
    field = "format_fs" if "type_fs" in row else "itinerance"
    extra = {"type_fs": kind, "format_fs": layout, "groupe_fs": group,
             "itinerant": itinerant, "prise_rdv": clean.boolean(row.get("prise_rdv")),
             "commentaire": clean.text(row.get("commentaire"))}
    if label:
        extra["labellisation"] = label
        extra["date_labellisation"] = build.value("labellisation_fs", clean.date_iso, label,
                                                  blocking=False)
    if itinerant:
        build.problem(field, "France services itinérante (bus) : sa position est celle "
                                   "de son point d'attache, pas des lieux où elle s'arrête")
    return {k: v for k, v in extra.items() if v is not None}


def _service(structure: dict, row: dict) -> dict:
    service = {"source": structure["source"], "structure_id": structure["id"],
               "id": f"{structure['id']}-demarches",
               "nom": "Accompagnement aux démarches administratives",
               "description": DESCRIPTION, "type": "accompagnement",
               "thematiques": list(THEMES), "publics": ["tous-publics"], "frais": "gratuit",
               "modes_accueil": ["en-presentiel"],
               "modes_mobilisation": ["se-presenter", "telephoner"],
               "mobilisable_par": ["usagers", "professionnels"],
               "date_maj": structure["date_maj"]}
    service.update(place_copy(structure))
    notes = []
    if clean.boolean(row.get("prise_rdv")):
        notes.append("Sur rendez-vous.")
    if clean.text(row.get("commentaire")):
        notes.append(clean.text(row.get("commentaire")))
    if notes:
        service["mobilisation_precisions"] = " ".join(notes)
    if structure.get("itinerant"):
        service["itinerant"] = True
    return service
