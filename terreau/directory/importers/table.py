"""A plain spreadsheet (CSV, XLSX, ODS) read through a column mapping.

No Django here. The mapping says which column holds which data·inclusion v1 field:
`{"nom": "Nom de la structure", "adresse": "Adresse", "latitude": "Lat", ...}`.

- Keys are v1 field names. A field of both the structure and the service (nom,
  telephone, adresse, description, horaires_accueil…) goes to the structure; prefix it with
  `service.` for the service (`service.nom`). Service-only fields (thematiques, publics,
  frais, type, modes_accueil…) go to the service. `extra.NAME` keeps a column as is.
- A value is a column name, a list of column names (joined with a space: house number +
  street), or a constant written `=value` (`"service.thematiques": "=sante--acces-aux-soins"`).
  Lists inside a cell or a constant are separated by `|`, `,` or `;`, or written `{a,b}`.
- `id_longueur` (a number) pads numeric ids with zeros (FINESS numbers lost theirs).
- Each line makes a structure and, when a service field is mapped, one service. Without an
  `id` column the id is made from the name and the postcode, stable from one import to the
  next.

A mapping file (`--mapping FILE`) is JSON (that object) or CSV with two columns `champ` and
`colonne`. `PRESETS` hold ready mappings for files met in practice, chosen automatically
when the columns match: the 2019 Pôle emploi sites and the FINESS hospitals of Eurostat.
Without a mapping nor a preset, columns named like the v1 fields are used.
"""

import csv
import io
import json
import re
from pathlib import Path

from ..v1 import SERVICE_FIELDS, STRUCTURE_FIELDS
from . import clean
from .records import Builder, place_copy
from .sources import ReadError, guess, is_json, table_load, wrong_format

SERVICE_ONLY = frozenset(SERVICE_FIELDS) - frozenset(STRUCTURE_FIELDS)
KNOWN = frozenset({"id", "source", *STRUCTURE_FIELDS, *SERVICE_ONLY} |
                  {f"service.{f}" for f in ("id", *SERVICE_FIELDS)} | {"id_longueur"})
PRESETS = {
    "pole-emploi-2019": {
        "_columns": {"reference_pe", "type_site", "dn_latitude"},
        "id": "REFERENCE_PE", "nom": "NOM", "adresse": "ADRESSE",
        "complement_adresse": ["COMPLEMENT_ADRESSE", "DC_COMPLEMENTADRSITEPHYSIQUE"],
        "code_postal": "CODE_POSTAL", "commune": "COMMUNE", "latitude": "DN_LATITUDE",
        "longitude": "DN_LONGITUDE", "extra.type_site": "TYPE_SITE",
        "extra.code_safir": "CODE_SAFIR", "reseaux_porteurs": "=france-travail",
        # the date of the referential published by les emplois de l'inclusion (2019-11-13)
        "date_maj": "=2019-11-13", "source": "=pole-emploi-2019",
        "service.nom": "=Accueil et accompagnement des demandeurs d'emploi",
        "service.description": "=Inscription, indemnisation et accompagnement des "
                               "demandeurs d'emploi ; offres d'emploi et conseil en "
                               "recrutement (agence Pôle emploi, aujourd'hui France Travail).",
        "service.type": "=accompagnement", "service.publics": "=demandeurs-emploi",
        "service.frais": "=gratuit", "service.thematiques":
            "=trouver-un-emploi--repondre-a-des-offres-demploi|preparer-sa-candidature--"
            "organiser-ses-demarches-de-recherche-demploi|choisir-un-metier--connaitre-les-"
            "opportunites-demploi",
    },
    "finess-eurostat": {
        "_columns": {"hospital_name", "postcode", "facility_type"},
        "id": "id", "id_longueur": 9, "nom": "hospital_name", "adresse": ["house_number",
                                                                          "street"],
        "code_postal": "postcode", "commune": "city", "latitude": "lat", "longitude": "lon",
        "telephone": "tel", "date_maj": "pub_date", "extra.site": "site_name",
        "extra.type_etablissement": "facility_type", "extra.statut": "public_private",
        "source": "=finess-eurostat", "service.nom": "=Soins hospitaliers",
        "service.description": "=Établissement de santé (référentiel FINESS) : consultations, "
                               "hospitalisation et soins.",
        "service.thematiques": "=sante--acces-aux-soins", "service.publics": "=tous-publics",
    },
}


def mapping_load(path) -> dict:
    """Return the mapping of a JSON or CSV file, or of a preset name; ReadError if wrong."""
    if str(path) in PRESETS:
        return mapping_check(dict(PRESETS[str(path)]))
    path = Path(path)
    try:
        data = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(f"Correspondance de colonnes illisible : {path.name} ({exc}).") from exc
    if not data.strip():
        raise ReadError(f"Le fichier de correspondance {path.name} est vide.")
    if data.lstrip().startswith("{"):
        try:
            mapping = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ReadError(f"Le fichier de correspondance {path.name} n'est pas un JSON valide "
                            f"(ligne {exc.lineno} : {exc.msg}).") from exc
    else:
        separator = ";" if data.count(";") >= data.count(",") else ","
        rows = [r for r in csv.reader(io.StringIO(data), delimiter=separator) if any(r)]
        if rows and clean.key(rows[0][0]) in ("champ", "field"):
            rows = rows[1:]
        if any(len(r) < 2 for r in rows):
            raise ReadError(f"{path.name} : chaque ligne doit avoir deux colonnes, le champ "
                            f"data·inclusion et la colonne du tableau (ex. nom;Nom du lieu).")
        mapping = {r[0].strip(): r[1].strip() for r in rows}
    return mapping_check(mapping)


def mapping_check(mapping) -> dict:
    """Refuse unknown fields with a French message naming them and the fields allowed."""
    if not isinstance(mapping, dict) or not mapping:
        raise ReadError("La correspondance de colonnes doit associer des champs "
                        "data·inclusion à des colonnes, ex. {\"nom\": \"Nom du lieu\"}.")
    for name in mapping:
        if name not in KNOWN and not name.startswith(("extra.", "_")):
            raise ReadError(
                f"Champ inconnu « {name} » dans la correspondance de colonnes. Champs "
                f"possibles : id, {', '.join(STRUCTURE_FIELDS)} ; pour le service : "
                f"{', '.join(sorted(SERVICE_ONLY))} ou service.<champ> ; extra.<nom>.")
    if "nom" not in mapping:
        raise ReadError("La correspondance de colonnes doit dire quelle colonne donne le nom "
                        "(« nom »).")
    return mapping


def read(path: Path, mapping: dict | None, source: str = "") -> list:
    if is_json(path):
        raise wrong_format(path, "un tableau", "un fichier CSV, XLSX ou ODS était attendu")
    table = table_load(path)
    if mapping is None:
        mapping = _guess(table)
    mapping = mapping_check(mapping)
    columns = {c.strip().lower(): c for c in table.columns}
    mapping = {k: v for k, v in mapping.items() if not k.startswith("_")}
    for name, value in mapping.items():
        for column in _columns(value):
            if column.strip().lower() not in columns:
                raise ReadError(f"Colonne « {column} » absente du tableau (champ « {name} » de "
                                f"la correspondance). Colonnes du fichier : "
                                f"{', '.join(table.columns)}.")
    resolved = {name: [columns[c.strip().lower()] for c in _columns(value)]
                if not _constant(value) else value for name, value in mapping.items()}
    seen: dict[str, int] = {}
    return [_record(line, row, resolved, source or path.stem, seen)
            for line, row in table.rows]


def _guess(table) -> dict:
    for preset in PRESETS.values():
        if preset["_columns"] <= table.keys:
            return dict(preset)
    by_key = {clean.key(c): c for c in table.columns}
    mapping = {k: by_key[k] for k in KNOWN if k in by_key}
    found = guess(table.keys)
    if "nom" not in mapping and found and found[0] != "table":
        raise ReadError(f"Ce tableau ressemble à {found[1]} : choisissez le format "
                        f"« {found[0]} ».")
    if "nom" not in mapping:
        raise ReadError(
            f"Ce tableau n'a pas de colonne « nom » et aucune correspondance de colonnes n'a "
            f"été donnée. Colonnes du fichier : {', '.join(table.columns)}. Donnez une "
            f"correspondance (--mapping FICHIER), ex. {{\"nom\": \"{table.columns[0]}\"}}.")
    return mapping


def _constant(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _columns(value) -> list[str]:
    if isinstance(value, int) or _constant(value):
        return []
    return list(value) if isinstance(value, list) else [str(value)]


def _cell(row: dict, value):
    if _constant(value):
        return value[1:]
    if isinstance(value, int):
        return value
    texts = [clean.text(row.get(c)) for c in value]
    joined = " ".join(t for t in texts if t)
    return joined or None


def _record(line: int, row: dict, mapping: dict, source: str, seen: dict):
    raw = {name: _cell(row, value) for name, value in mapping.items()}
    build = Builder(f"ligne {line}", raw.get("nom"))
    ident = clean.text(raw.get("id"))
    if ident and raw.get("id_longueur") and ident.isdigit():
        ident = ident.zfill(int(raw["id_longueur"]))
    if ident is None:
        ident = clean.slug(f"{raw.get('nom') or ''} {raw.get('code_postal') or ''}") or \
            f"ligne-{line}"
        seen[ident] = seen.get(ident, 0) + 1
        ident += f"-{seen[ident]}" if seen[ident] > 1 else ""
    structure = {"source": clean.text(raw.get("source")) or source, "id": ident,
                 "nom": clean.text(raw.get("nom")),
                 "date_maj": build.value("date_maj", clean.date_iso, raw.get("date_maj")),
                 "siret": build.value("siret", clean.siret, raw.get("siret"))}
    build.address(structure, raw)
    build.contacts(structure, raw)
    for name in ("description", "horaires_accueil"):
        structure[name] = clean.text(raw.get(name))
    for name in ("lien_source", "accessibilite_lieu"):
        structure[name] = build.value(name, clean.url, raw.get(name))
    structure["reseaux_porteurs"] = _list(raw.get("reseaux_porteurs"))
    structure.update({k[6:]: clean.text(v) for k, v in raw.items()
                      if k.startswith("extra.") and clean.text(v) is not None})
    wanted = [k for k in raw if k in SERVICE_ONLY or k.startswith("service.")]
    services = [_service(build, raw, structure)] if wanted else []
    return build.record(structure, services)


def _list(value) -> list[str]:
    cell = clean.text(value)
    if cell is None:
        return []
    separator = next((s for s in "|;," if s in cell), "|")
    return clean.text_list(cell, separator)


def _service(build: Builder, raw: dict, structure: dict) -> dict:
    def get(name):
        return raw.get(f"service.{name}", raw.get(name) if name in SERVICE_ONLY else None)

    service = {"source": structure["source"], "structure_id": structure["id"],
               "id": clean.text(get("id")) or f"{structure['id']}-service",
               "nom": clean.text(get("nom")) or structure["nom"],
               "description": clean.text(get("description")),
               "date_maj": build.value("service.date_maj", clean.date_iso,
                                       get("date_maj")) or structure["date_maj"]}
    service.update(place_copy(structure))
    for name in SERVICE_FIELDS:
        value = get(name)
        if name in service and name not in ("nom", "description", "date_maj") and \
                f"service.{name}" not in raw:
            continue
        if value is None or name in ("nom", "description", "date_maj"):
            continue
        if name in ("thematiques", "publics", "modes_accueil", "modes_mobilisation",
                    "mobilisable_par", "zone_eligibilite"):
            service[name] = _list(value)
        elif name in ("latitude", "longitude"):
            service[name] = build.value(f"service.{name}", clean.number, value)
        else:
            service[name] = clean.text(value)
    if re.fullmatch(r"\d+", str(service.get("telephone") or "")):
        service["telephone"] = clean.phone(service["telephone"])
    return service
