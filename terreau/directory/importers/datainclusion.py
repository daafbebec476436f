"""data·inclusion exports, v1 and v0 (vocabularies translated to v1), as JSON.

No Django here. Accepted shapes:
- a folder holding `structures*.json` and `services*.json`;
- one JSON file `{"structures": [...], "services": [...]}`;
- one JSON list of structures or of services (told apart by `structure_id`), read with its
  sibling when there is one (`services.json` ↔ `structures.json`, or the same name with
  "services"/"structures" swapped).

Keys are compared loosely ("Code Insee" = code_insee, "Service ID" = id, "Long"/"Lat"), so
hand-reshaped exports (the Réunion extract) read too. Multi-valued fields may be lists,
JSON text or PostgreSQL array literals (`{a,b}`). v0 fields are renamed (profils →
publics, presentation_* → description, types → type, horaires_ouverture…); what v1 has
no place for goes to `extra`. Services whose structure is not in the file still come out,
grouped by `structure_id`, with a blocking problem: a structure needs a name.
"""

from pathlib import Path

from . import clean
from .records import Builder, place_copy
from .sources import ReadError, json_load, wrong_format
from .vocabulary import V1_TYPES, fees_v1, translate_publics, translate_themes

SOURCE = "data-inclusion"
ALIASES = {"service_id": "id", "long": "longitude", "lng": "longitude", "lat": "latitude",
           "horaires_ouverture": "horaires_accueil", "accessibilite": "accessibilite_lieu",
           "profils": "publics", "zone_diffusion_code": "zone_eligibilite",
           "prise_rdv": "lien_mobilisation", "frais_autres": "frais_precisions",
           "profils_precisions": "publics_precisions", "pre_requis": "conditions_acces",
           "page_web": "lien_source", "modes_accueil": "modes_accueil"}
MOBILISATION = {"se-presenter": "se-presenter", "telephoner": "telephoner",
                "envoyer-un-mail": "envoyer-un-courriel",
                "envoyer-un-courriel": "envoyer-un-courriel",
                "envoyer-un-mail-avec-une-fiche-de-prescription": "envoyer-un-courriel",
                "completer-le-formulaire-dadhesion": "utiliser-lien-mobilisation",
                "utiliser-lien-mobilisation": "utiliser-lien-mobilisation"}


def read(path: Path, source: str = "") -> list:
    structures, services = _load(path)
    if not structures and not services:
        raise ReadError(f"{path.name} ne contient aucune structure ni aucun service "
                        f"data·inclusion.")
    by_structure: dict[str, list] = {}
    for index, raw in enumerate(services, 1):
        by_structure.setdefault(str(clean.text(raw.get("structure_id"))), []).append(
            (index, raw))
    records = []
    for index, raw in enumerate(structures, 1):
        ident = str(clean.text(raw.get("id")))
        records.append(_record(f"structure {index}", raw, by_structure.pop(ident, []),
                               source))
    for ident, items in by_structure.items():
        records.append(_orphan(ident, items, source))
    return records


# ---- Finding the structures and the services -------------------------------------------


def _load(path: Path) -> tuple[list[dict], list[dict]]:
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        structures = [f for f in files if "structure" in f.name.lower()]
        services = [f for f in files if "service" in f.name.lower()]
        if not structures and not services:
            raise ReadError(f"Le dossier {path.name} ne contient ni structures.json ni "
                            f"services.json.")
        return (_objects(structures[0]) if structures else [],
                _objects(services[0]) if services else [])
    data = json_load(path)
    if isinstance(data, dict) and ("structures" in data or "services" in data):
        return _normal(data.get("structures") or []), _normal(data.get("services") or [])
    if data == []:
        return [], []
    objects = _normal(data if isinstance(data, list) else [])
    if not objects:
        raise wrong_format(path, "un export data·inclusion", "une liste d'objets JSON ou "
                           "{\"structures\": […], \"services\": […]} était attendue")
    keys = {k for o in objects[:50] for k in o}
    if "nom" not in keys:
        raise wrong_format(path, "un export data·inclusion", "ses objets n'ont pas de nom",
                           keys)
    if "services" in keys and "pivot" in keys:
        raise wrong_format(path, "un export data·inclusion", "ce sont des lieux", keys)
    sibling = _sibling(path, "structure_id" in keys)
    other = _objects(sibling) if sibling else []
    return (other, objects) if "structure_id" in keys else (objects, other)


def _sibling(path: Path, is_services: bool) -> Path | None:
    mine, theirs = ("services", "structures") if is_services else ("structures", "services")
    name = path.name.lower()
    if mine in name:
        candidate = path.with_name(path.name[:name.index(mine)] + theirs +
                                   path.name[name.index(mine) + len(mine):])
        if candidate.is_file():
            return candidate
    return None


def _objects(path: Path) -> list[dict]:
    data = json_load(path)
    if isinstance(data, dict):
        data = data.get("structures") or data.get("services") or []
    return _normal(data if isinstance(data, list) else [])


def _normal(items: list) -> list[dict]:
    """Objects with loosely compared keys, v0 names renamed to v1."""
    result = []
    for item in items:
        if isinstance(item, dict):
            keys = {clean.key(k): v for k, v in item.items()}
            result.append({ALIASES.get(k, k): v for k, v in keys.items()})
    return result


# ---- Records ---------------------------------------------------------------------------


def _structure(build: Builder, raw: dict, source: str) -> dict:
    structure = {"source": clean.text(raw.get("source")) or source or SOURCE,
                 "id": clean.text(raw.get("id")), "nom": clean.text(raw.get("nom")),
                 "date_maj": build.value("date_maj", clean.date_iso, raw.get("date_maj")),
                 "siret": build.value("siret", clean.siret, raw.get("siret"))}
    if structure["id"] is None:
        build.problem("id", "identifiant de la structure absent", blocking=True)
    build.address(structure, raw)
    build.contacts(structure, raw)
    structure["description"] = clean.text(raw.get("description")) or clean.text(
        raw.get("presentation_detail")) or clean.text(raw.get("presentation_resume"))
    structure["horaires_accueil"] = clean.text(raw.get("horaires_accueil"))
    structure["lien_source"] = build.value("lien_source", clean.url, raw.get("lien_source"))
    structure["accessibilite_lieu"] = build.value("accessibilite_lieu", clean.url,
                                                  raw.get("accessibilite_lieu"))
    structure["reseaux_porteurs"] = clean.text_list(raw.get("reseaux_porteurs"))
    for name in ("typologie", "labels_nationaux", "labels_autres", "thematiques", "rna",
                 "antenne"):
        value = raw.get(name)
        if clean.text(value) is not None or (isinstance(value, list) and value):
            structure[f"{name}_v0"] = value
    return structure


def _service(build: Builder, index: int, raw: dict, structure: dict) -> dict:
    field = f"services[{index}]"
    service = {"source": clean.text(raw.get("source")) or structure["source"],
               "structure_id": structure["id"], "id": clean.text(raw.get("id")),
               "nom": clean.text(raw.get("nom")),
               "description": clean.text(raw.get("description")) or clean.text(
                   raw.get("presentation_detail")) or clean.text(raw.get(
                       "presentation_resume")),
               "date_maj": build.value(f"{field}.date_maj", clean.date_iso,
                                       raw.get("date_maj"))}
    if service["id"] is None:
        build.problem(f"{field}.id", "identifiant du service absent", blocking=True)
    place = place_copy(structure)
    build.address(service, raw)
    if service["latitude"] is None and service["adresse"] is None:  # at the structure
        service.update({k: v for k, v in place.items() if k not in service or
                        service[k] is None})
    service["telephone"] = build.value(f"{field}.telephone", clean.phone, raw.get("telephone"))
    service["courriel"] = build.value(f"{field}.courriel", clean.email, raw.get("courriel"))
    service["lien_mobilisation"] = build.value(f"{field}.lien_mobilisation", clean.url,
                                               raw.get("lien_mobilisation"))
    for name in ("horaires_accueil", "conditions_acces", "publics_precisions",
                 "mobilisation_precisions", "contact_nom_prenom", "frais_precisions"):
        service[name] = clean.text(raw.get(name))
    _vocabularies(build, field, raw, service)
    return service


def _vocabularies(build: Builder, field: str, raw: dict, service: dict):
    """The multi-valued fields, v0 values translated to v1 (the originals kept in extra)."""
    themes = clean.text_list(raw.get("thematiques"))
    service["thematiques"], unknown = translate_themes(themes)
    if unknown:
        build.problem(f"{field}.thematiques", "thèmes sans équivalent en v1, laissés de côté "
                                              f"(gardés dans extra) : {', '.join(unknown)}")
    if service["thematiques"] != themes:
        service["thematiques_v0"] = themes
    publics = clean.text_list(raw.get("publics"))
    service["publics"], others = translate_publics(publics)
    if others:
        service["profils_v0"] = publics
        extra = ", ".join(others)
        service["publics_precisions"] = service["publics_precisions"] or extra
    fees = clean.text_list(raw.get("frais"))
    if len(fees) == 1 and fees[0] in ("gratuit", "payant"):
        service["frais"] = fees[0]
    else:
        service["frais"], details = fees_v1(fees)
        if details:
            service["frais_precisions"] = service["frais_precisions"] or details
    kind = clean.text(raw.get("type"))
    kinds = clean.text_list(raw.get("types") or raw.get("typologies"))
    if kind is None and kinds:
        kind = next((k for k in kinds if k in V1_TYPES), None)
        service["types_v0"] = kinds
    service["type"] = kind
    service["modes_accueil"] = clean.text_list(raw.get("modes_accueil"))
    service["zone_eligibilite"] = [clean.code(z, 0) if clean.text(z) and len(str(z)) == 4
                                   else str(z) for z in clean.text_list(raw.get(
                                       "zone_eligibilite"))]
    _mobilisation(raw, service)
    for name in ("annee_creation", "update_last_year", "zone_diffusion_type",
                 "zone_diffusion_nom", "recurrence", "justificatifs", "cumulable",
                 "date_creation", "date_suspension", "formulaire_en_ligne"):
        if clean.text(raw.get(name)) is not None:
            service[name] = raw.get(name)


def _mobilisation(raw: dict, service: dict):
    ways = clean.text_list(raw.get("modes_mobilisation"))
    by = clean.text_list(raw.get("mobilisable_par"))
    helpers = clean.text_list(raw.get("modes_orientation_accompagnateur"))
    people = clean.text_list(raw.get("modes_orientation_beneficiaire"))
    if helpers or people:  # v0
        ways = [MOBILISATION[w] for w in helpers + people if w in MOBILISATION]
        by = (["professionnels"] if helpers else []) + (["usagers"] if people else [])
    service["modes_mobilisation"] = list(dict.fromkeys(ways))
    service["mobilisable_par"] = list(dict.fromkeys(by))


def _record(where: str, raw: dict, items: list, source: str):
    build = Builder(where, raw.get("nom"))
    structure = _structure(build, raw, source)
    services = [_service(build, n, service, structure) for n, (_, service) in
                enumerate(items)]
    _place_from_services(structure, services)
    return build.record(structure, services)


def _place_from_services(structure: dict, services: list[dict]):
    """A structure without a position takes the place of its first placed service (the
    Réunion extract puts addresses on services only)."""
    if structure.get("latitude") is not None:
        return
    for service in services:
        if service.get("latitude") is not None:
            for name in ("adresse", "complement_adresse", "code_postal", "code_insee",
                         "commune", "latitude", "longitude"):
                structure[name] = structure.get(name) or service.get(name)
            return


def _orphan(ident: str, items: list, source: str):
    """Services whose structure the file does not describe: grouped, name missing."""
    first_index, first = items[0]
    build = Builder(f"service {first_index}", None)
    place = {k: first.get(k) for k in ("adresse", "code_postal", "code_insee", "commune",
                                       "latitude", "longitude")}
    raw = {"id": None if ident == "None" else ident, "source": first.get("source"), **place}
    structure = _structure(build, raw, source)
    build.problem("nom", f"structure « {ident} » absente du fichier des structures : son nom "
                         f"est inconnu ({len(items)} service(s) concerné(s)). Joignez le "
                         f"fichier des structures (structures.json) à côté des services.",
                  blocking=True)
    services = [_service(build, n, service, structure) for n, (_, service) in
                enumerate(items)]
    return build.record(structure, services)
