"""Lieux de médiation numérique: the v1.0.2 TableSchema CSV, its older JSON, CNFS hosts.

No Django here. Each place becomes a structure with one service, "Médiation numérique",
whose v1 themes come from the standard's `services` values (table `SERVICES`, below). The
same place published by two sources (dora and conseiller-numerique…) stays twice: the
import pipeline finds the duplicate (same SIRET, or same name at the same address).

- v1.0.2 CSV: multi-valued cells separated by `|`; `frais_a_charge`, `modalites_acces`,
  `publics_specifiquement_adresses`, `prise_en_charge_specifique`, `courriels`.
- Older JSON (2022–2023, mednum-cli): a list of objects, `;` lists, absent keys instead of
  nulls, `conditions_acces` ("Gratuit : …"), `publics_accueillis`, `labels_nationaux`, and
  the old `services` labels, which are the v0 data·inclusion "numerique--…" themes.
- Conseiller numérique 2021 list: the structures that host advisers (`raison_sociale`,
  `nb_cnfs`), not opening places: the commune *name* is in `commune_insee` (the code is
  `insee_com`), postcodes are integers, the address ends with "\\nCP VILLE".
"""

from pathlib import Path

from . import clean
from .records import Builder, place_copy
from .sources import ReadError, is_json, json_load, table_load, wrong_format
from .vocabulary import translate_themes

SOURCE = "mediation-numerique"
DIGITAL = "numerique--maitriser-les-fondamentaux-du-numerique"
# Standard v1.0.2 `services` → v1 thématiques.
SERVICES = {
    "Aide aux démarches administratives": [
        "numerique--acceder-a-des-services-en-ligne",
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    "Maîtrise des outils numériques du quotidien": [DIGITAL],
    "Insertion professionnelle via le numérique": [DIGITAL],
    "Utilisation sécurisée du numérique": [DIGITAL],
    "Parentalité et éducation avec le numérique": [
        DIGITAL, "famille--soutien-a-la-parentalite-et-a-leducation"],
    "Loisirs et créations numériques": [DIGITAL],
    "Compréhension du monde numérique": [DIGITAL],
    "Accès internet et matériel informatique": ["numerique--acceder-a-une-connexion-internet"],
    "Acquisition de matériel informatique à prix solidaire": ["numerique--acquerir-un-equipement"],
}
PUBLICS = {  # v1.0.2 and older labels → v1 publics
    "jeunes": "jeunes", "jeunes (16-26 ans)": "jeunes", "étudiants": "etudiants",
    "familles et/ou enfants": "familles", "familles/enfants": "familles",
    "seniors": "seniors", "seniors (+ 65 ans)": "seniors", "femmes": "femmes",
    "surdité": "personnes-en-situation-de-handicap",
    "handicaps moteurs": "personnes-en-situation-de-handicap",
    "handicaps mentaux": "personnes-en-situation-de-handicap",
    "déficience visuelle": "personnes-en-situation-de-handicap",
}
NETWORKS = {
    "aidants connect": "aidants-connect", "conseillers numériques": "conseillers-numeriques",
    "cnfs": "conseillers-numeriques", "france services": "france-service",
    "la croix rouge": "croix-rouge", "emmaüs connect": "emmaus",
    "relais numérique (emmaüs connect)": "emmaus",
    "grande école du numérique": "grandes-ecoles-du-numerique",
    "point d'accès numérique caf": "caf",
}
ACCESS = {"se présenter": "se-presenter", "téléphoner": "telephoner",
          "contacter par mail": "envoyer-un-courriel",
          "envoyer un mail avec une fiche de prescription": "envoyer-un-courriel",
          "prendre un rdv en ligne": "utiliser-lien-mobilisation"}


def read(path: Path, source: str = "") -> list:
    if not is_json(path):
        table = table_load(path)
        if not {"nom", "services"} <= table.keys and not {"pivot", "nom"} <= table.keys:
            raise wrong_format(path, "un fichier de lieux de médiation numérique",
                               "il n'a pas les colonnes pivot, nom et services du standard",
                               table.keys)
        return [_place(f"ligne {line}", _keys(row), "|", source)
                for line, row in table.rows]
    data = json_load(path)
    if isinstance(data, dict):
        data = data.get("lieux") or data.get("data") or [data]
    objects = [o for o in data if isinstance(o, dict)] if isinstance(data, list) else []
    if not objects:
        raise ReadError(f"Le fichier {path.name} ne contient aucun lieu (liste d'objets JSON "
                        f"attendue).")
    keys = {clean.key(k) for o in objects[:50] for k in o}
    if {"raison_sociale", "nb_cnfs"} <= keys:
        return [_host(i, _keys(o), source) for i, o in enumerate(objects, 1)]
    if not {"nom", "services"} <= keys:
        raise wrong_format(path, "un fichier de lieux de médiation numérique",
                           "ses objets n'ont pas les clés nom et services du standard", keys)
    separator = "|" if any("|" in str(o.get("services", "")) for o in objects) else ";"
    return [_place(f"objet {i}", _keys(o), separator, source)
            for i, o in enumerate(objects, 1)]


def _keys(row: dict) -> dict:
    return {clean.key(k): v for k, v in row.items()}


def _lower_list(value, separator) -> list[str]:
    return [v.lower() for v in clean.text_list(value, separator)]


def themes(values: list[str], build: Builder) -> list[str]:
    """v1 themes of the standard's services, v1.0.2 labels or the older v0 ones."""
    result, old = [], []
    for value in values:
        if value in SERVICES:
            result += SERVICES[value]
        else:
            old.append(f"numerique--{clean.slug(value)}")
    translated, unknown = translate_themes(old)
    for value in unknown:
        build.problem("services", f"service « {value} » inconnu du standard : ignoré")
    return list(dict.fromkeys(result + translated)) or [DIGITAL]


def _place(where: str, row: dict, separator: str, source: str):
    build = Builder(where, row.get("nom"))
    structure = {"source": clean.text(row.get("source")) or source or SOURCE,
                 "id": clean.text(row.get("id")), "nom": clean.text(row.get("nom")),
                 "date_maj": build.value("date_maj", clean.date_iso, row.get("date_maj"))}
    if structure["id"] is None:
        build.problem("id", "identifiant du lieu absent", blocking=True)
    pivot = clean.text(row.get("pivot"))
    structure["siret"] = build.value("pivot", clean.siret, pivot) if pivot and len(
        pivot.replace(" ", "")) == 14 else None
    if pivot and not structure["siret"]:
        structure["pivot"] = pivot  # an RNA or RIDET number: kept, not a SIRET
    build.address(structure, row)
    emails = clean.text_list(row.get("courriels") or row.get("courriel"), separator)
    sites = clean.text_list(row.get("site_web"), separator)
    build.contacts(structure, {"telephone": row.get("telephone"),
                               "courriel": emails[0] if emails else None,
                               "site_web": sites[0] if sites else None})
    structure["horaires_accueil"] = clean.text(row.get("horaires"))
    structure["description"] = clean.text(row.get("presentation_detail")) or clean.text(
        row.get("presentation_resume"))
    networks = _lower_list(row.get("dispositif_programmes_nationaux") or row.get(
        "labels_nationaux"), separator)
    structure["reseaux_porteurs"] = list(dict.fromkeys(
        NETWORKS[n] for n in networks if n in NETWORKS))
    for name in ("typologie", "itinerance", "structure_parente", "formations_labels",
                 "autres_formations_labels", "fiche_acces_libre", "labels_nationaux",
                 "dispositif_programmes_nationaux"):
        if clean.text(row.get(name)):
            structure[name] = clean.text_list(row.get(name), separator)
    if "itinérant" in _lower_list(row.get("itinerance"), separator):
        structure["itinerant"] = True
    return build.record(structure, [_service(structure, row, separator, build)])


def _service(structure: dict, row: dict, separator: str, build: Builder) -> dict:
    service = {"source": structure["source"], "structure_id": structure["id"],
               "id": f"{structure['id']}-mediation-numerique", "nom": "Médiation numérique",
               "description": clean.text(row.get("presentation_resume")) or (
                   "Accompagnement au numérique : " + ", ".join(
                       clean.text_list(row.get("services"), separator)).lower() + "."),
               "thematiques": themes(clean.text_list(row.get("services"), separator), build),
               "date_maj": structure["date_maj"]}
    service.update(place_copy(structure))
    people = _lower_list(row.get("publics_specifiquement_adresses") or row.get(
        "publics_accueillis"), separator) + _lower_list(
        row.get("prise_en_charge_specifique"), separator)
    service["publics"] = list(dict.fromkeys(PUBLICS[p] for p in people if p in PUBLICS))
    others = [p for p in people if p not in PUBLICS and p != "adultes"]
    if others:
        service["publics_precisions"] = ", ".join(others)
    fees = _lower_list(row.get("frais_a_charge"), separator) or [
        c.split(":")[0].strip() for c in _lower_list(row.get("conditions_acces"), separator)]
    if fees:
        service["frais"] = "payant" if any(f.startswith(("payant", "adhésion")) for f in fees) \
            else "gratuit"
        if any(f not in ("gratuit", "payant") for f in fees):
            service["frais_precisions"] = ", ".join(fees)
    access = _lower_list(row.get("modalites_acces"), separator)
    service["modes_mobilisation"] = list(dict.fromkeys(ACCESS[a] for a in access
                                                       if a in ACCESS))
    link = clean.text(row.get("prise_rdv"))
    if link:
        service["lien_mobilisation"] = build.value("prise_rdv", clean.url, link, blocking=False)
    ways = _lower_list(row.get("modalites_accompagnement"), separator)
    if ways:
        service["modalites_accompagnement"] = ways
        remote = any("distance" in w for w in ways)
        service["modes_accueil"] = ["en-presentiel"] + (["a-distance"] if remote else [])
    service["type"] = "atelier" if ways and all("atelier" in w for w in ways) \
        else "accompagnement"
    return service


def _host(index: int, row: dict, source: str):
    """A structure of the 2021 Conseiller numérique list and its digital-help service."""
    build = Builder(f"objet {index}", row.get("raison_sociale"))
    lines = [t for t in (clean.text(part) for part in str(row.get("adresse") or "").split(
        "\n")) if t]
    street = lines[:-1] if len(lines) > 1 else lines
    structure = {"source": source or "conseiller-numerique-2021",
                 "id": clean.text(row.get("id")), "nom": clean.text(row.get("raison_sociale")),
                 "date_maj": build.value("date_de_validation_en_comite_de_selection",
                                         clean.date_iso,
                                         row.get("date_de_validation_en_comite_de_selection")),
                 "siret": build.value("siret", clean.siret, row.get("siret"))}
    build.address(structure, {"adresse": ", ".join(street), "commune": row.get(
        "commune_insee"), "code_postal": row.get("code_postal"), "code_insee": row.get(
        "insee_com"), "latitude": row.get("latitude"), "longitude": row.get("longitude")})
    structure["reseaux_porteurs"] = ["conseillers-numeriques"]
    structure.update(nb_conseillers=row.get("nb_cnfs"), type_structure=clean.text(row.get(
        "type")), lieu_accueil=False)
    service = {"source": structure["source"], "structure_id": structure["id"],
               "id": f"{structure['id']}-conseiller-numerique",
               "nom": "Accompagnement par un conseiller numérique",
               "description": "Structure accueillant des conseillers numériques France "
                              "services, qui accompagnent les habitants dans leurs usages du "
                              "numérique. Adresse du siège : les permanences peuvent avoir "
                              "lieu ailleurs.",
               "thematiques": [DIGITAL, "numerique--acceder-a-des-services-en-ligne"],
               "frais": "gratuit", "type": "accompagnement",
               "date_maj": structure["date_maj"]}
    service.update(place_copy(structure))
    return build.record(structure, [service])
