"""Where a structure is: its commune's INSEE code and a position, when the file lacks them.

Three sources, from the most to the least precise:
- the national address geocoder (api-adresse.data.gouv.fr, `TERREAU_GEOCODER_URL`), only when
  the machine is online and the import asks for it; a short timeout, and the first connection
  failure ends geocoding for the whole import (no minute-long wait on an offline machine);
- the commune's representative point (a point on its surface, from the Zone contour), marked
  approximate;
- the commune's INSEE code found from its name and postcode in the Zone table (files such as
  Pôle emploi's list name the commune in capitals, without accents: "ST PIERRE DES CORPS").
"""

import re

import httpx
import shapely
from django.conf import settings

from terreau.territory.choices import Level
from terreau.territory.geometry import normalize_search
from terreau.territory.models import Zone, ZoneAlias

DEFAULT_GEOCODER_URL = "https://api-adresse.data.gouv.fr"
TIMEOUT = 3.0  # seconds: a geocoder slower than this is treated as unreachable
MIN_SCORE = 0.5  # below, the API's best answer is usually another street or commune
PRECISION = 6  # decimal places kept (about 10 cm)

# Words that commune names in capitals abbreviate ("ST PIERRE DES CORPS").
COMMUNE_WORDS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
LEADING_ARTICLES = frozenset({"le", "la", "les", "l"})
CEDEX = re.compile(r"\bcedex\b.*$")


class GeocoderUnavailable(Exception):
    """The geocoder cannot be reached (offline machine, timeout, server error)."""


def geocoder_url() -> str:
    return (getattr(settings, "TERREAU_GEOCODER_URL", "") or DEFAULT_GEOCODER_URL).rstrip("/")


def geocoder_search(text: str, *, citycode: str = "",
                    client: httpx.Client | None = None) -> tuple[float, float, str] | None:
    """Ask the geocoder; return (lon, lat, label) or None when it finds nothing good enough.

    Raise GeocoderUnavailable when it cannot be reached, so that a batch stops asking.
    """
    params = {"q": text[:200], "limit": 1}
    if citycode:
        params["citycode"] = citycode
    try:
        if client is None:
            response = httpx.get(f"{geocoder_url()}/search/", params=params, timeout=TIMEOUT)
        else:
            response = client.get(f"{geocoder_url()}/search/", params=params)
    except httpx.HTTPError as error:
        raise GeocoderUnavailable(str(error)) from error
    if response.status_code >= 500:
        raise GeocoderUnavailable(f"HTTP {response.status_code}")
    if response.status_code != 200:
        return None  # 400: a query the API refuses (too short, only digits…)
    try:
        features = response.json().get("features") or []
        best = features[0]
        lon, lat = best["geometry"]["coordinates"][:2]
        properties = best.get("properties") or {}
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None
    if float(properties.get("score") or 0) < MIN_SCORE:
        return None
    return round(float(lon), PRECISION), round(float(lat), PRECISION), str(
        properties.get("label") or "")


def geocode_address(text: str, *, citycode: str = "") -> tuple[float, float, str] | None:
    """(lon, lat, label) of an address from the national geocoder; None offline or not found."""
    if not (text or "").strip():
        return None
    try:
        return geocoder_search(text, citycode=citycode)
    except GeocoderUnavailable:
        return None


class Geocoder:
    """Geocoding for one import: one HTTP connection, stops at the first failure to connect."""

    def __init__(self):
        self.client = httpx.Client(timeout=TIMEOUT)
        self.available = True
        self.asked = 0

    def __call__(self, text: str, citycode: str = "") -> tuple[float, float, str] | None:
        if not self.available or not text.strip():
            return None
        self.asked += 1
        try:
            return geocoder_search(text, citycode=citycode, client=self.client)
        except GeocoderUnavailable:
            self.available = False
            return None

    def close(self) -> None:
        self.client.close()


def commune_centres(codes) -> dict[str, tuple[float, float]]:
    """{INSEE code: (lon, lat)} of the communes' representative points (contours loaded).

    A point on the surface, not the centroid: it always falls inside the commune. Codes of
    communes that merged since are followed to the current commune (ZoneAlias).
    """
    codes = {c for c in codes if c}
    if not codes:
        return {}
    aliases = dict(ZoneAlias.objects.filter(level=Level.COMMUNE, code__in=codes)
                   .values_list("code", "target_code"))
    wanted = codes | set(aliases.values())
    rows = list(Zone.objects.filter(level=Level.COMMUNE, code__in=wanted, geometry__isnull=False)
                .values_list("code", "geometry"))
    if not rows:
        return {}
    geometries = shapely.make_valid(shapely.from_wkb([bytes(row[1]) for row in rows]))
    points = shapely.get_coordinates(shapely.point_on_surface(geometries))
    found = {row[0]: (round(float(x), PRECISION), round(float(y), PRECISION))
             for row, (x, y) in zip(rows, points, strict=True)}
    for code in codes:
        if code not in found and aliases.get(code) in found:
            found[code] = found[aliases[code]]
    return {code: found[code] for code in codes if code in found}


def commune_centre(code: str) -> tuple[float, float] | None:
    """(lon, lat) of the commune's representative point; None without its contour."""
    return commune_centres([code]).get(code)


def commune_key(name: str) -> str:
    """A commune name as compared: no accents, lower case, "st" → "saint", no CEDEX, no
    leading article (some contour files write "Loupe" for La Loupe, as INSEE's NCC does)."""
    words = CEDEX.sub("", normalize_search(name)).split()
    if len(words) > 1 and words[0] in LEADING_ARTICLES:
        words = words[1:]
    return " ".join(COMMUNE_WORDS.get(word, word) for word in words)


def departement_of_postcode(postcode: str) -> str:
    """The département a postcode belongs to, as far as its digits tell (Corsica: "20")."""
    postcode = (postcode or "").strip()
    if postcode.startswith("97"):
        return postcode[:3]
    return postcode[:2]


class CommuneIndex:
    """The communes of the Zone table by name, to find an INSEE code from name + postcode."""

    def __init__(self):
        self.by_name: dict[str, list[str]] = {}
        for code, name in Zone.objects.filter(level=Level.COMMUNE).values_list("code", "name"):
            self.by_name.setdefault(commune_key(name), []).append(code)
        self.codes = {code for codes in self.by_name.values() for code in codes}

    def find(self, name: str, postcode: str = "") -> str | None:
        """The INSEE code of the commune so named, in the postcode's département; None if
        unknown or ambiguous."""
        candidates = self.by_name.get(commune_key(name or ""), [])
        departement = departement_of_postcode(postcode)
        if departement:
            corsica = departement == "20"
            candidates = [c for c in candidates
                          if c.startswith(departement) or (corsica and c[:2] in ("2A", "2B"))]
        return candidates[0] if len(candidates) == 1 else None

    def knows(self, code: str) -> bool:
        return code in self.codes
