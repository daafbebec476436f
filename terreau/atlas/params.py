"""The state of an atlas view as it lives in the URL: parse, check, write back (the permalink).

The page, the JSON API, the exports and `terreau render-map` read the same parameters with the
same names (`indicateur`, `niveau`, `dans`, `periode`, `methode`, `classes`, `bornes`,
`palette`, `reference`, `symboles`, `seuil`, `carte`; on the comparison page the repeated
`carte=SLUG,niveau,dans,periode` and `vue`). A bad value raises ParamsError, whose text is a
French sentence naming the parameter.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from terreau.territory.choices import Level
from terreau.territory.within import within_kind

from .classify import MAX_CLASSES, METHODS, MIN_CLASSES
from .palettes import PALETTES

DEFAULT_LEVEL = Level.COMMUNE.value
DEFAULT_METHOD = "quantiles"
DEFAULT_CLASSES = 5
MAX_MAPS = 4
SELECTION = "selection"
LEVELS = tuple(Level.values)
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
WITHIN = re.compile(r"^[-a-zA-Z0-9_:]{0,40}$")
PERIOD = re.compile(r"^[-a-zA-Z0-9_.]{0,20}$")
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
TEXT_LIMIT = 400  # characters of a parameter that a message may quote


class ParamsError(ValueError):
    """A parameter of the URL is wrong; `str(error)` is a French sentence naming it."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


def _quote(text: str) -> str:
    text = text if len(text) <= 40 else text[:39] + "…"
    return f"« {text} »"


def _get(query: Mapping, name: str) -> str:
    """Return the last value of a parameter as stripped text ("" when absent)."""
    value = query.get(name)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return "" if value is None else str(value).strip()[:TEXT_LIMIT]


def _get_all(query: Mapping, name: str) -> list[str]:
    if hasattr(query, "getlist"):
        values = query.getlist(name)
    else:
        value = query.get(name)
        values = list(value) if isinstance(value, (list, tuple)) else (
            [] if value is None else [value])
    return [str(v).strip()[:TEXT_LIMIT] for v in values]


def parse_number(text: str, param: str) -> float:
    """Read a number written with a decimal point; refuse "nan", "inf" and "2,5"."""
    text = text.strip()
    if not NUMBER.match(text) or not math.isfinite(float(text)):
        raise ParamsError(param, f"Paramètre « {param} » : {_quote(text)} n'est pas un nombre "
                                 "(écrivez les décimales avec un point, par exemple 2.5).")
    return float(text)


def parse_numbers(text: str, param: str) -> tuple[float, ...]:
    """Read comma-separated numbers ("2.5,5,10")."""
    return tuple(parse_number(part, param) for part in text.split(",")) if text else ()


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def parse_slug(text: str, param: str, *, required: bool = False) -> str:
    if not text:
        if required:
            raise ParamsError(param, f"Paramètre « {param} » manquant : choisissez un "
                                     "indicateur.")
        return ""
    if not SLUG.match(text):
        raise ParamsError(param, f"Paramètre « {param} » : {_quote(text)} n'est pas un "
                                 "identifiant d'indicateur.")
    return text


def parse_level(text: str, param: str = "niveau") -> str:
    if not text:
        return DEFAULT_LEVEL
    if text not in LEVELS:
        raise ParamsError(param, f"Paramètre « {param} » : niveau inconnu {_quote(text)}. "
                                 f"Niveaux possibles : {', '.join(LEVELS)}.")
    return text


def parse_within(text: str, param: str = "dans") -> str:
    if not WITHIN.match(text):
        raise ParamsError(param, f"Paramètre « {param} » : {_quote(text)} ne désigne pas un "
                                 "territoire (exemples : 37, departement:37, commune:37261).")
    return text


def parse_period(text: str, param: str = "periode") -> str | None:
    if not PERIOD.match(text):
        raise ParamsError(param, f"Paramètre « {param} » : {_quote(text)} n'est pas une "
                                 "période (exemple : 2018).")
    return text or None


def parse_method(text: str, *, has_breaks: bool) -> str:
    if not text:
        return "manual" if has_breaks else DEFAULT_METHOD
    if text not in METHODS:
        raise ParamsError("methode", f"Paramètre « methode » : méthode inconnue {_quote(text)}. "
                                     f"Méthodes possibles : {', '.join(METHODS)}.")
    return text


def parse_classes(text: str) -> int:
    if not text:
        return DEFAULT_CLASSES
    if not text.isdigit() or not MIN_CLASSES <= int(text) <= MAX_CLASSES:
        raise ParamsError("classes", f"Paramètre « classes » : {_quote(text)} ; le nombre de "
                                     f"classes va de {MIN_CLASSES} à {MAX_CLASSES}.")
    return int(text)


def parse_breaks(text: str, method: str) -> tuple[float, ...]:
    breaks = parse_numbers(text, "bornes")
    if method != "manual":
        return breaks
    if not breaks:
        raise ParamsError("bornes", "Paramètre « bornes » manquant : la méthode « seuils "
                                    "choisis » demande des bornes, par exemple bornes=5,10,15.")
    if len(breaks) > MAX_CLASSES:
        raise ParamsError("bornes", f"Paramètre « bornes » : {len(breaks)} bornes ; au plus "
                                    f"{MAX_CLASSES} classes.")
    if any(low >= high for low, high in zip(breaks, breaks[1:], strict=False)):
        raise ParamsError("bornes", "Paramètre « bornes » : les bornes doivent être rangées de "
                                    f"la plus petite à la plus grande ({text}).")
    return breaks


def parse_palette(text: str, param: str = "palette") -> str:
    if text and text not in PALETTES:
        raise ParamsError(param, f"Paramètre « {param} » : palette inconnue {_quote(text)}. "
                                 f"Palettes possibles : {', '.join(PALETTES)}.")
    return text


def parse_reference(text: str) -> str:
    if not text or text == SELECTION:
        return text
    level, sep, code = text.partition(":")
    known = level in LEVELS or within_kind(text) is not None  # "vecu:12": a group's own
    if not sep or not known or not code or not WITHIN.match(code):
        raise ParamsError("reference", f"Paramètre « reference » : {_quote(text)} ; écrivez "
                                       "« selection » ou un territoire comme departement:37.")
    return text


def parse_threshold(text: str) -> tuple[float, ...]:
    values = parse_numbers(text, "seuil")
    if len(values) > 2:
        raise ParamsError("seuil", "Paramètre « seuil » : une valeur (seuil=10) ou deux "
                                   "(seuil=5,10), pas plus.")
    if len(values) == 2 and values[0] > values[1]:
        raise ParamsError("seuil", "Paramètre « seuil » : la première valeur doit être la plus "
                                   "petite.")
    return values


def parse_extent(text: str, param: str) -> tuple[float, float, float] | None:
    """Read lon,lat,zoom."""
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 3:
        raise ParamsError(param, f"Paramètre « {param} » : {_quote(text)} ; écrivez "
                                 "longitude,latitude,zoom (exemple : 0.69,47.39,9).")
    lon, lat, zoom = (parse_number(part, param) for part in parts)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90 and 0 <= zoom <= 24):
        raise ParamsError(param, f"Paramètre « {param} » : {_quote(text)} est hors limites "
                                 "(longitude -180 à 180, latitude -90 à 90, zoom 0 à 24).")
    return lon, lat, zoom


def parse_also_within(text: str) -> tuple[str, ...]:
    """Read `avec`: territories (";"-separated `dans` values) sharing the classification."""
    items = tuple(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))
    if len(items) > MAX_MAPS - 1:
        raise ParamsError("avec", f"Paramètre « avec » : au plus {MAX_MAPS - 1} territoires.")
    return tuple(parse_within(item, "avec") for item in items)


@dataclass(frozen=True)
class MapParams:
    """One classified map, as the URL describes it."""

    indicator: str = ""
    level: str = DEFAULT_LEVEL
    within: str = ""
    period: str | None = None  # None: the latest
    method: str = DEFAULT_METHOD
    k: int = DEFAULT_CLASSES
    breaks: tuple[float, ...] = ()  # manual method: upper bounds of the classes
    palette: str = ""  # "": the default for the indicator's direction
    reference: str = ""  # diverging palette's centre: "selection", "departement:37", "vecu:12"
    symbols: str = ""  # slug of a count indicator drawn as proportional circles
    threshold: tuple[float, ...] = ()  # one value, or low and high
    extent: tuple[float, float, float] | None = None  # lon, lat, zoom

    @classmethod
    def from_query(cls, query: Mapping, *, require_indicator: bool = False) -> "MapParams":
        """Read a QueryDict (or a plain dict); raise ParamsError on the first bad value."""
        breaks_text = _get(query, "bornes")
        method = parse_method(_get(query, "methode"), has_breaks=bool(breaks_text))
        breaks = parse_breaks(breaks_text, method)
        k = parse_classes(_get(query, "classes"))
        return cls(
            indicator=parse_slug(_get(query, "indicateur"), "indicateur",
                                 required=require_indicator),
            level=parse_level(_get(query, "niveau")), within=parse_within(_get(query, "dans")),
            period=parse_period(_get(query, "periode")), method=method, k=k,
            breaks=breaks if method == "manual" else (),
            palette=parse_palette(_get(query, "palette")),
            reference=parse_reference(_get(query, "reference")),
            symbols=parse_slug(_get(query, "symboles"), "symboles"),
            threshold=parse_threshold(_get(query, "seuil")),
            extent=parse_extent(_get(query, "carte"), "carte"))

    def to_query(self) -> dict[str, str]:
        """Return the parameters that differ from the defaults, in a stable order."""
        query = {"indicateur": self.indicator, "niveau": self.level, "dans": self.within,
                 "periode": self.period or ""}
        if self.method != DEFAULT_METHOD:
            query["methode"] = self.method
        if self.method == "manual":
            query["bornes"] = ",".join(_format_number(b) for b in self.breaks)
        elif self.k != DEFAULT_CLASSES:
            query["classes"] = str(self.k)
        optional = {"palette": self.palette, "reference": self.reference,
                    "symboles": self.symbols,
                    "seuil": ",".join(_format_number(v) for v in self.threshold),
                    "carte": ",".join(_format_number(v) for v in self.extent or ())}
        query.update({name: value for name, value in optional.items() if value})
        return {name: value for name, value in query.items()
                if value or name in ("indicateur", "niveau")}

    def querystring(self) -> str:
        """The permalink's query string (without "?")."""
        return urlencode(self.to_query())

    def with_changes(self, **changes) -> "MapParams":
        return replace(self, **changes)


@dataclass(frozen=True)
class MapChoice:
    """One map of the comparison: `carte=SLUG,niveau,dans,periode`."""

    indicator: str
    level: str = DEFAULT_LEVEL
    within: str = ""
    period: str | None = None

    @classmethod
    def parse(cls, text: str, position: int) -> "MapChoice":
        parts = [part.strip() for part in text.split(",")]
        if not 1 <= len(parts) <= 4 or not parts[0]:
            raise ParamsError("carte", f"Paramètre « carte » n°{position} : {_quote(text)} ; "
                                       "écrivez indicateur,niveau,territoire,période (exemple : "
                                       "chomage,commune,37,2018 ; la période peut rester vide).")
        parts += [""] * (4 - len(parts))
        return cls(parse_slug(parts[0], "carte"), parse_level(parts[1], "carte"),
                   parse_within(parts[2], "carte"), parse_period(parts[3], "carte"))

    def text(self) -> str:
        return ",".join([self.indicator, self.level, self.within, self.period or ""])


@dataclass(frozen=True)
class CompareParams:
    """Two to four maps side by side, with one classification method and palette."""

    maps: tuple[MapChoice, ...] = field(default=())
    method: str = DEFAULT_METHOD
    k: int = DEFAULT_CLASSES
    breaks: tuple[float, ...] = ()
    palette: str = ""
    view: tuple[float, float, float] | None = None

    @classmethod
    def from_query(cls, query: Mapping) -> "CompareParams":
        texts = [text for text in _get_all(query, "carte") if text]
        if not texts:
            raise ParamsError("carte", "Paramètre « carte » manquant : choisissez au moins une "
                                       "carte (carte=indicateur,niveau,territoire,période).")
        if len(texts) > MAX_MAPS:
            raise ParamsError("carte", f"Paramètre « carte » : {len(texts)} cartes ; au plus "
                                       f"{MAX_MAPS} côte à côte.")
        maps = tuple(MapChoice.parse(text, n) for n, text in enumerate(texts, start=1))
        single = MapParams.from_query({name: _get(query, name) for name in
                                       ("methode", "classes", "bornes", "palette")})
        return cls(maps=maps, method=single.method, k=single.k, breaks=single.breaks,
                   palette=single.palette, view=parse_extent(_get(query, "vue"), "vue"))

    def map_params(self, position: int) -> MapParams:
        """The MapParams of map n° `position` (from 0), with the shared classification."""
        choice = self.maps[position]
        return MapParams(indicator=choice.indicator, level=choice.level, within=choice.within,
                         period=choice.period, method=self.method, k=self.k,
                         breaks=self.breaks, palette=self.palette)

    def to_query(self) -> list[tuple[str, str]]:
        """Return the permalink's parameters as pairs (`carte` repeats)."""
        pairs = [("carte", choice.text()) for choice in self.maps]
        shared = MapParams(method=self.method, k=self.k, breaks=self.breaks,
                           palette=self.palette).to_query()
        pairs += [(name, value) for name, value in shared.items()
                  if name in ("methode", "classes", "bornes", "palette")]
        if self.view:
            pairs.append(("vue", ",".join(_format_number(v) for v in self.view)))
        return pairs

    def querystring(self) -> str:
        return urlencode(self.to_query())
