"""Is this structure one we already have? Keys compared after normalising names and addresses.

Two records are the same structure when:
- they have the same source and the same identifier in it;
- or they are in the same commune, with the same name at the same address;
- or they are in the same commune, with the same SIRET and the same name or the same
  address. A SIRET alone is not enough: sources put the head office's SIRET on every place
  of an organisation (the Rabière and Morier social centres of Joué-lès-Tours share one),
  and those places are different structures.

Names and addresses are compared without accents, case, punctuation, articles, and with the
usual abbreviations written out ("20 PL DE L'HOTEL DE VILLE" = "20 place de l'Hôtel de
Ville", "bd" = "boulevard"). No Django here.
"""

import re
from dataclasses import dataclass, field

from unidecode import unidecode

ABBREVIATIONS = {
    "bd": "boulevard", "bld": "boulevard", "blvd": "boulevard", "bvd": "boulevard",
    "boul": "boulevard", "av": "avenue", "ave": "avenue", "avn": "avenue", "r": "rue",
    "pl": "place", "rte": "route", "rt": "route", "ch": "chemin", "che": "chemin",
    "chem": "chemin", "all": "allee", "imp": "impasse", "sq": "square", "fg": "faubourg",
    "fbg": "faubourg", "qu": "quai", "qua": "quai", "crs": "cours", "esp": "esplanade",
    "res": "residence", "resid": "residence", "prom": "promenade", "lot": "lotissement",
    "st": "saint", "ste": "sainte", "mal": "marechal", "gal": "general", "gen": "general",
    "pdt": "president", "pres": "president", "dr": "docteur", "cdt": "commandant",
    "ctre": "centre", "hab": "habitation", "ccas": "ccas", "cias": "cias",
}
ARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux",
                      "en"})


def normalise(text: str) -> str:
    """Text as compared: ASCII, lower case, words only, abbreviations written out, no articles."""
    words = re.sub(r"[^a-z0-9]+", " ", unidecode(str(text or "")).lower()).split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words if w not in ARTICLES)


def siret_key(value) -> str:
    digits = re.sub(r"\D", "", str(value or ""))
    return digits if len(digits) == 14 else ""


def commune_of(data: dict) -> str:
    """Where a structure is, as a key: its INSEE code, else its postcode, else its commune."""
    if data.get("code_insee"):
        return f"insee:{data['code_insee']}"
    if data.get("code_postal"):
        return f"cp:{data['code_postal']}"
    return f"nom:{normalise(data.get('commune'))}" if data.get("commune") else ""


@dataclass
class Keys:
    """What identifies a structure: source+id, and where/what it is."""

    source_id: tuple[str, str]
    commune: str
    name: str
    address: str
    siret: str

    @classmethod
    def of(cls, data: dict) -> "Keys":
        return cls((str(data.get("source") or ""), str(data.get("id") or "")), commune_of(data),
                   normalise(data.get("nom")), normalise(data.get("adresse")),
                   siret_key(data.get("siret")))


# Why two records are taken as one, in French (the report says it).
SAME_ID = "même source et même identifiant"
SAME_NAME_ADDRESS = "même nom à la même adresse"
SAME_SIRET_NAME = "même SIRET et même nom dans la même commune"
SAME_SIRET_ADDRESS = "même SIRET à la même adresse"


def same_structure(a: Keys, b: Keys) -> str:
    """Why `a` and `b` are the same structure (French), or "" when they are not."""
    if a.source_id == b.source_id and all(a.source_id):
        return SAME_ID
    if not a.commune or a.commune != b.commune:
        return ""
    if a.name and a.name == b.name and a.address and a.address == b.address:
        return SAME_NAME_ADDRESS
    if a.siret and a.siret == b.siret:
        if a.name and a.name == b.name:
            return SAME_SIRET_NAME
        if a.address and a.address == b.address:
            return SAME_SIRET_ADDRESS
    return ""


@dataclass
class KeyIndex:
    """Structures (or file records) by their keys, to find the one a record duplicates.

    `items` holds whatever the caller keys (a record's position in the file, a structure's
    primary key); `find` returns (item, reason) of the first match by identifier, else by
    commune (name+address, SIRET).
    """

    by_id: dict[tuple[str, str], object] = field(default_factory=dict)
    by_commune: dict[str, list[tuple[Keys, object]]] = field(default_factory=dict)

    def add(self, keys: Keys, item) -> None:
        if all(keys.source_id):
            self.by_id.setdefault(keys.source_id, item)
        if keys.commune:
            self.by_commune.setdefault(keys.commune, []).append((keys, item))

    def find_by_id(self, keys: Keys):
        return self.by_id.get(keys.source_id) if all(keys.source_id) else None

    def find_alike(self, keys: Keys) -> tuple[object, str] | tuple[None, str]:
        """The first item in the same commune with the same name+address or SIRET."""
        for other, item in self.by_commune.get(keys.commune, ()):
            reason = same_structure(Keys(("", ""), *_place(keys)), Keys(("", ""), *_place(other)))
            if reason:
                return item, reason
        return None, ""

    def find(self, keys: Keys) -> tuple[object, str] | tuple[None, str]:
        item = self.find_by_id(keys)
        if item is not None:
            return item, SAME_ID
        return self.find_alike(keys)


def _place(keys: Keys) -> tuple[str, str, str, str]:
    return keys.commune, keys.name, keys.address, keys.siret


def service_key(data: dict) -> str:
    """A service as compared within one structure: its normalised name (and type)."""
    return f"{normalise(data.get('nom'))}|{data.get('type') or ''}"
