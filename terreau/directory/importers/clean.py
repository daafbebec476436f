"""Cleaning the values of published directories, whatever their format.

No Django here. Every function takes a raw value as a file gives it (text, number, list,
None) and returns the data·inclusion v1 value, or None when the value is missing. Values
that cannot be read raise `ValueError` with a French message; the readers turn it into a
`Problem` naming the line and the field. Nothing is guessed that could be wrong without
saying so: a sign added to a latitude comes with a non-blocking problem.
"""

import datetime
import json
import re
import unicodedata

# Cells that mean "no value" in the files met so far (compared lower-case, stripped).
MISSING = frozenset({"", "null", "none", "nan", "n/a", "na", "#n/a", "-", "nr",
                     "non renseigné", "non renseigne", "{}", "[]"})
# Départements lying wholly west of the Greenwich meridian: a positive longitude there is
# suspicious, but a positive longitude elsewhere in France is normal, so it is only flagged.
WEST_OF_GREENWICH = frozenset({"22", "29", "35", "44", "50", "53", "56", "85"})
# Overseas départements whose latitude or longitude has one sign only: a value of the
# right size but the wrong sign is a lost minus sign (seen in the Réunion export).
OVERSEAS = {  # code: (lat min, lat max, lon min, lon max)
    "971": (15.8, 18.2, -63.2, -60.9), "972": (14.3, 15.0, -61.3, -60.7),
    "973": (2.0, 6.0, -54.7, -51.5), "974": (-21.5, -20.8, 55.1, 55.9),
    "976": (-13.1, -12.6, 44.9, 45.4),
}


def text(value) -> str | None:
    """Return a cell as stripped text, or None when it means "no value"."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    return None if result.lower() in MISSING else result


def number(value) -> float | None:
    """Return a decimal number; decimal commas and spaces inside numbers are accepted."""
    if isinstance(value, bool):
        raise ValueError("un nombre était attendu, pas vrai/faux")
    if isinstance(value, int | float):
        return None if value != value else float(value)
    cell = text(value)
    if cell is None:
        return None
    cleaned = cell.replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"[-+]?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"« {cell} » n'est pas un nombre") from None


def text_list(value, separator: str = ",") -> list[str]:
    """Return a multi-valued cell as a list of texts.

    Accepts real lists, JSON arrays written as text (`["a","b"]`), PostgreSQL array literals
    (`{a,b}`, with double quotes around elements holding a space or a comma) and plain text
    split on `separator` (`|` in the mednum standard, `;` in its older JSON).
    """
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [t for t in (text(v) for v in value) if t]
    cell = text(value)
    if cell is None:
        return []
    if cell.startswith("[") and cell.endswith("]"):
        try:
            return text_list(json.loads(cell))
        except json.JSONDecodeError:
            cell = cell[1:-1]
    elif cell.startswith("{") and cell.endswith("}"):
        return _postgres_array(cell[1:-1])
    return [t for t in (text(part) for part in cell.split(separator)) if t]


def _postgres_array(inner: str) -> list[str]:
    items = re.findall(r'"((?:[^"\\]|\\.)*)"|([^,]+)', inner)
    values = [quoted.replace('\\"', '"') if quoted else bare for quoted, bare in items]
    return [t for t in (text(v) for v in values) if t]


def code(value, length: int = 5) -> str | None:
    """Return an INSEE code or a postcode: padded with its lost leading zero, Corsica kept.

    Spreadsheets and JSON integers turn "01053" into 1053 (or 1053.0): the zero comes back.
    A CEDEX postcode ("37044 CEDEX 9") keeps its five digits.
    """
    cell = text(value)
    if cell is None:
        return None
    cell = re.sub(r"\.0+$", "", cell.replace(" ", "")) if re.fullmatch(
        r"[\d ]+(\.0+)?", cell) else cell
    found = re.match(r"^(\d{5})(?:\s*cedex.*)?$", cell, re.IGNORECASE)
    if found:
        return found.group(1)
    if re.fullmatch(r"\d{1,4}", cell) and length == 5 and len(cell) == 4:
        return cell.zfill(5)
    if re.fullmatch(r"2[ABab]\d{3}", cell):
        return cell.upper()
    raise ValueError(f"« {cell} » n'est pas un code à 5 caractères")


def phone(value) -> str | None:
    """Return a French phone number written "02 47 21 60 00" (overseas and +33 kept).

    Numbers read as numbers lost their leading zero ("248484848"): it comes back. Numbers
    that are not French ten-digit numbers are returned as written.
    """
    cell = text(value)
    if cell is None:
        return None
    digits = re.sub(r"[\s.\-/()]", "", cell)
    if digits.startswith("+33"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("0033"):
        digits = "0" + digits[4:].lstrip("0")
    elif re.fullmatch(r"[1-9]\d{8}", digits):
        digits = "0" + digits
    if re.fullmatch(r"0\d{9}", digits):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return cell


def email(value) -> str | None:
    cell = text(value)
    if cell is None:
        return None
    cell = cell.removeprefix("mailto:").strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", cell):
        raise ValueError(f"« {cell} » n'est pas une adresse électronique")
    return cell


def url(value) -> str | None:
    """Return a web address; "www.example.fr" gets its missing "https://"."""
    cell = text(value)
    if cell is None:
        return None
    if re.match(r"^www\.", cell, re.IGNORECASE):
        cell = "https://" + cell
    if not re.match(r"^https?://\S+$", cell, re.IGNORECASE):
        raise ValueError(f"« {cell} » n'est pas une adresse web (http:// ou https://)")
    return cell


def siret(value) -> str | None:
    """Return 14 digits (spaces removed), or raise when it is not a SIRET at all."""
    cell = text(value)
    if cell is None:
        return None
    digits = re.sub(r"\s", "", cell)
    if re.fullmatch(r"\d{14}(\.0+)?", digits):
        return digits[:14]
    raise ValueError(f"« {cell} » n'est pas un SIRET (14 chiffres)")


def date_iso(value) -> str | None:
    """Return an ISO date from dd/mm/yyyy, yyyy-mm-dd, an ISO timestamp or a date object."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    cell = text(value)
    if cell is None:
        return None
    found = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", cell)
    try:
        if found:
            day, month, year = (int(g) for g in found.groups())
            return datetime.date(year, month, day).isoformat()
        found = re.match(r"^(\d{4})-(\d{2})-(\d{2})", cell)
        if found:
            return datetime.date(*(int(g) for g in found.groups())).isoformat()
    except ValueError:
        pass
    raise ValueError(f"« {cell} » n'est pas une date (jj/mm/aaaa ou aaaa-mm-jj)")


def boolean(value) -> bool | None:
    cell = text(value)
    if cell is None:
        return None
    return cell.lower() in {"oui", "true", "vrai", "1", "yes", "o", "x"}


def slug(value: str) -> str:
    """"Prendre en main un ordinateur" → "prendre-en-main-un-ordinateur" (’ becomes -)."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def key(name: str) -> str:
    """A column or key name compared loosely: "Code Insee" → "code_insee"."""
    return slug(str(name)).replace("-", "_")


def departement(code_insee: str | None, code_postal: str | None = None) -> str:
    """The département of a commune code (three digits overseas), "" when unknown."""
    value = code_insee or code_postal or ""
    if value.startswith("97"):
        return value[:3]
    return value[:2]


def position_check(latitude, longitude, code_insee, code_postal=None):
    """Return (latitude, longitude, messages) with a lost minus sign restored overseas.

    Overseas, a value of the right size but the wrong sign can only be a lost minus sign
    (the Réunion export has every latitude at +21 instead of −21): it is corrected and
    reported. In mainland France longitudes run from −5 to +10: a positive longitude in a
    western commune may be a lost sign or not, so it is reported, never changed.
    """
    messages = []
    if latitude is None or longitude is None:
        return latitude, longitude, messages
    dep = departement(code_insee, code_postal)
    box = OVERSEAS.get(dep)
    if box:
        lat_min, lat_max, lon_min, lon_max = box
        if not lat_min <= latitude <= lat_max and lat_min <= -latitude <= lat_max:
            messages.append(("latitude", f"signe moins ajouté : {latitude} devient "
                                         f"{-latitude} (département {dep})"))
            latitude = -latitude
        if not lon_min <= longitude <= lon_max and lon_min <= -longitude <= lon_max:
            messages.append(("longitude", f"signe moins ajouté : {longitude} devient "
                                          f"{-longitude} (département {dep})"))
            longitude = -longitude
    elif dep in WEST_OF_GREENWICH and longitude > 0:
        messages.append(("longitude", f"longitude positive ({longitude}) pour une commune du "
                                      f"département {dep}, situé à l'ouest du méridien de "
                                      f"Greenwich : signe moins oublié ? Vérifiez la position"))
    return latitude, longitude, messages
