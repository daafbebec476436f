"""The maps of a step as the reader and the offline file draw them (story.js): a "bundle".

Computed with the atlas's own reads and classification (`atlas_map`, `atlas_compare`) for the
user who reads, then reduced to what a map needs in the browser: a title, the legend's rows,
each zone's colour and French value text, the source line, and either the URL of the zones'
layer (live reading) or the zones' stored display contours inlined (the offline file). A step
that cannot be drawn says why in `erreur` and never raises.
"""

import json
import re
from dataclasses import dataclass

from django.db.models import Max, Min
from django.urls import reverse
from django.utils.http import urlencode

from terreau.atlas.legend import format_value, legend_rows
from terreau.atlas.params import CompareParams, MapParams, ParamsError
from terreau.atlas.queries import IndicatorNotFound, atlas_compare, atlas_map
from terreau.indicators.values import level_word
from terreau.territory.queries import within_resolve, zone_list_for_layer
from terreau.territory.within import WithinLevelError

from .choices import StepKind
from .models import Step

NO_CONTOURS = ("Les zones de cette carte n'ont pas de contours dans Terreau : la carte ne peut "
               "pas être dessinée (le tableau donne les valeurs).")
LONG_FLOAT = re.compile(r"(-?\d+\.\d{5})\d+")  # 5 decimals: about 1 m


@dataclass(frozen=True)
class StepMaps:
    """The atlas parameters and payloads of a step's maps, or why there are none."""

    params: list[MapParams]
    payloads: list[dict]
    error: str = ""
    view: tuple[float, float, float] | None = None


def step_maps(step: Step, user) -> StepMaps:
    """Compute the payloads of a step's maps for `user` (never raises)."""
    try:
        params = step.params()
    except ParamsError as error:
        return StepMaps([], [], f"La vue enregistrée de cette étape n'est plus valide : {error}")
    try:
        if isinstance(params, CompareParams):
            payload = atlas_compare(params, user)
            return StepMaps([params.map_params(i) for i in range(len(params.maps))],
                            payload["cartes"], view=params.view)
        return StepMaps([params], [atlas_map(params, user)], view=params.extent)
    except IndicatorNotFound as error:
        return StepMaps([], [], f"{error} Il a été supprimé ou vous n'avez pas accès à ses "
                                "données.")
    except (ParamsError, WithinLevelError) as error:
        return StepMaps([], [], str(error))


def _legend_rows(payload: dict) -> tuple[list[dict], dict]:
    """The classes' rows and the "sans valeur" row, labels written as on the atlas page."""
    rows = legend_rows(payload) if payload["classification"] else []
    classification = payload["classification"] or {}
    counts = classification.get("effectifs", [])
    classes = [{"couleur": row["colour"], "libelle": row["label"], "effectif": counts[i],
                "effectif_texte": row["count"]} for i, row in enumerate(rows[:-1])]
    missing = sum(1 for zone in payload["zones"] if zone["valeur"] is None)
    missing_row = legend_rows({**payload, "classification": None})[0]
    return classes, {"couleur": classification.get("couleur_manquante", "#cfcfcf"),
                     "effectif": missing, "effectif_texte": missing_row["count"]}


def _zones(payload: dict, missing_colour: str) -> dict:
    indicator = payload["indicateur"]
    colours = (payload["classification"] or {}).get("couleurs", [])
    out = {}
    for zone in payload["zones"]:
        value, classe = zone["valeur"], zone["classe"]
        text = (format_value(value, indicator) if value is not None
                else zone["raison"] or "sans valeur")
        out[zone["code"]] = {"nom": zone["nom"], "texte": text,
                             "couleur": colours[classe] if classe is not None and colours
                             else missing_colour}
    return out


def _source(payload: dict) -> str:
    sources = payload["sources"]
    names = " ; ".join(", ".join(filter(None, (s["producteur"], s["titre"]))) for s in sources)
    licences = " ; ".join(dict.fromkeys(s["licence"] for s in sources if s["licence"]))
    text = f"Source : {names}" if names else "Source : non renseignée"
    return f"{text} — licence : {licences}" if licences else text


def _subtitle(payload: dict) -> str:
    zones = level_word(payload["niveau"], 2).capitalize()
    return f"{zones} · {payload['dans_nom'] or 'tout le territoire'}"


def _layer(params: MapParams, user):
    """The queryset of the map's zones with a contour (None for an unknown territory)."""
    scope = within_resolve(params.within, user=user) if params.within else None
    if params.within and scope is None:
        return None
    try:
        return zone_list_for_layer(level=params.level, within=scope).exclude(display="")
    except WithinLevelError:
        return None


def _layer_url(params: MapParams) -> str:
    url = reverse("api:territory_layer", args=[params.level])
    return f"{url}?{urlencode({'dans': params.within})}" if params.within else url


def inline_geometry(zones, codes: set[str]) -> dict:
    """A FeatureCollection of the zones in `codes`: their stored display contours (already
    simplified as a coverage, shared borders kept), coordinates cut to 5 decimals, only
    the code as property (names and values are in the bundle's zones)."""
    rows = zones.filter(code__in=codes).values_list("code", "display")
    features = [{"type": "Feature", "properties": {"code": code},
                 "geometry": json.loads(LONG_FLOAT.sub(r"\1", display))}
                for code, display in rows]
    return {"type": "FeatureCollection", "features": features}


def _bbox(zones, codes: set[str]) -> list[float] | None:
    box = zones.filter(code__in=codes).aggregate(w=Min("min_lon"), s=Min("min_lat"),
                                                 e=Max("max_lon"), n=Max("max_lat"))
    return None if box["w"] is None else [box["w"], box["s"], box["e"], box["n"]]


def map_bundle(params: MapParams, payload: dict, user, *, inline: bool = False,
               view=None) -> dict:
    """One map of a bundle (see the module's docstring and the scenarios contract)."""
    indicator = payload["indicateur"]
    classes, missing = _legend_rows(payload)
    zones = _zones(payload, missing["couleur"])
    layer = _layer(params, user)
    codes = set(zones)
    has_contours = layer is not None and layer.filter(code__in=codes).exists()
    error = payload["erreur"] or ("" if has_contours else NO_CONTOURS)
    period = payload["periode"]
    geometry = None
    if has_contours:
        geometry = inline_geometry(layer, codes) if inline else _layer_url(params)
    return {"titre": f"{indicator['libelle']} — {period}" if period else indicator["libelle"],
            "sous_titre": _subtitle(payload), "indicateur": indicator["slug"],
            "geometrie": geometry, "bbox": _bbox(layer, codes) if has_contours else None,
            "vue": list(view) if view else None, "legende": classes, "sans_valeur": missing,
            "zones": zones, "source": _source(payload), "erreur": error or None}


def error_map(step: Step, error: str) -> dict:
    """The single map of a step that cannot be drawn: its title and why."""
    return {"titre": step.title, "sous_titre": "", "indicateur": "", "geometrie": None,
            "bbox": None, "vue": None, "legende": [],
            "sans_valeur": {"couleur": "#cfcfcf", "effectif": 0, "effectif_texte": ""},
            "zones": {}, "source": "", "erreur": error}


def step_bundle(step: Step, user, *, inline_geometry: bool = False,
                maps: StepMaps | None = None) -> dict:
    """The bundle of a step for `user`: {"etape", "cartes", "lien_atlas"} (never raises).

    `maps` (from step_maps) spares computing them again when the caller audits the reads.
    """
    maps = maps or step_maps(step, user)
    if maps.error:
        cards = [error_map(step, maps.error)]
    else:
        cards = [map_bundle(params, payload, user, inline=inline_geometry, view=maps.view)
                 for params, payload in zip(maps.params, maps.payloads, strict=True)]
    return {"etape": {"id": step.pk, "position": step.position, "titre": step.title,
                      "type": step.kind if step.kind in StepKind.values else StepKind.MAP},
            "cartes": cards, "lien_atlas": step.atlas_url()}
