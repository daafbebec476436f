"""The comparison page ("rapprochement"): two to four maps side by side, and their crossing.

The permalink is `?carte=SLUG,niveau,dans,periode` repeated, with `methode`, `classes`,
`palette` and `vue` (params.CompareParams, as the API reads it). The page's form is a plain
GET form that works without JavaScript: it sends one `indicateur`, `niveau`, `dans` and
`periode` per map (and `ajouter` / `retirer`), which this view turns into the permalink and
redirects to. With JavaScript, compare.js writes the permalink itself and asks
/api/v1/atlas/rapprochement for the maps; the first payload is embedded in the page.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe

from terreau.indicators.audit import indicator_access_record
from terreau.indicators.queries import indicator_list_visible
from terreau.territory.queries import level_list_present, map_default, territory_choices

from ..classify import MAX_CLASSES, METHODS, MIN_CLASSES
from ..palettes import PALETTES
from ..params import DEFAULT_LEVEL, MAX_MAPS, CompareParams, MapChoice, ParamsError
from ..queries import IndicatorNotFound, atlas_compare_json, map_read

MIN_MAPS = 2
FORM_FIELDS = ("indicateur", "niveau", "dans", "periode")
SHARED_FIELDS = ("methode", "classes", "palette")
# Manual breaks mean little for maps of different indicators: the page offers the others.
PAGE_METHODS = {name: label for name, label in METHODS.items() if name != "manual"}
NO_INDICATOR = ("Aucun indicateur ne vous est accessible : il en faut au moins un pour "
                "dessiner une carte. Demandez à l'animatrice ou l'animateur de votre groupe.")


@dataclass(frozen=True)
class Choice:
    """One map as the form shows it (the values, even when the permalink was wrong)."""

    indicator: str
    level: str
    within: str
    period: str


def _form_redirect(query) -> str | None:
    """Turn a submission of the form (one field per map) into the permalink's query string."""
    columns = [query.getlist(name) for name in FORM_FIELDS]
    count = min(len(column) for column in columns)
    choices = [MapChoice(*(column[i].strip() for column in columns)) for i in range(count)]
    removed = query.get("retirer", "")
    if removed.isdigit() and len(choices) > MIN_MAPS:
        del choices[min(int(removed), len(choices)) - 1]
    if query.get("ajouter") and choices and len(choices) < MAX_MAPS:
        choices.append(choices[-1])
    pairs = [("carte", choice.text()) for choice in choices]
    pairs += [(name, query[name]) for name in SHARED_FIELDS if query.get(name)]
    return urlencode(pairs)


def _default_query(indicators: list[tuple[str, str]]) -> dict:
    """The maps the page opens with: the first two indicators over the default territory."""
    level, within = map_default()
    slugs = [slug for slug, _ in indicators[:MIN_MAPS]] or [""]
    slugs += [slugs[-1]] * (MIN_MAPS - len(slugs))
    return {"carte": [MapChoice(slug, level, within).text() for slug in slugs]}


def _choices_of(texts: list[str]) -> list[Choice]:
    """Read the maps of the permalink loosely, to show them in the form even when wrong."""
    choices = []
    for text in texts[:MAX_MAPS]:
        parts = ([part.strip() for part in text.split(",")] + [""] * 4)[:4]
        choices.append(Choice(parts[0], parts[1] or DEFAULT_LEVEL, parts[2], parts[3]))
    while len(choices) < MIN_MAPS:
        choices.append(choices[-1] if choices else Choice("", DEFAULT_LEVEL, "", ""))
    return choices


def _keep_other_territories(map_forms: list[dict], territories) -> None:
    """Offer a territory that the list lacks (a commune of the permalink): the form shows it."""
    offered = {value for _, options in territories for value, _, _ in options}
    for form in map_forms:
        within = form["choice"].within
        if within and within not in offered:
            form["other_within"] = (within, form.get("within_name") or within)


def _urls() -> dict:
    return {
        "api_url": reverse("api:atlas_compare"),
        "layer_url": reverse("api:territory_layer", args=["__niveau__"]),
        "zone_url": reverse("territory:zone", args=["__niveau__", "__code__"]),
        "worker_url": static("vendor/maplibre-gl-worker.mjs"),
    }


def compare(request):
    """Two to four maps side by side ("rapprochement"), their scatter plot and crossing."""
    if "indicateur" in request.GET:
        return redirect(f"{request.path}?{_form_redirect(request.GET)}")
    indicators = list(indicator_list_visible(request.user).values_list("slug", "label"))
    query = request.GET if "carte" in request.GET else _default_query(indicators)
    texts = query.getlist("carte") if hasattr(query, "getlist") else query["carte"]
    context = {
        "indicators": indicators, "levels": level_list_present(),
        "territories": territory_choices(request.user), "methods": PAGE_METHODS,
        "palettes": PALETTES.values(), "class_counts": range(MIN_CLASSES, MAX_CLASSES + 1),
        "max_maps": MAX_MAPS, "min_maps": MIN_MAPS, "panel_numbers": range(1, MAX_MAPS + 1),
        "map_forms": [{"position": i + 1, "choice": choice, "periods": []}
                      for i, choice in enumerate(_choices_of(texts))],
        "shared": {name: request.GET.get(name, "") for name in SHARED_FIELDS},
        "payload": None, "payload_json": "null", "error": "", **_urls(),
    }
    status = 200
    try:
        if not indicators:
            raise IndicatorNotFound("")
        params = CompareParams.from_query(query)
        reads = [map_read(choice.indicator, request.user) for choice in params.maps]
        body, _etag = atlas_compare_json(params, request.user, reads=reads)
        context["payload"] = json.loads(body)
        # The API's own bytes (cached), safe inside <script>: no "<" can close it.
        context["payload_json"] = mark_safe(body.decode().replace("<", "\\u003c"))
    except ParamsError as error:
        context["error"], status = str(error), 400
    except IndicatorNotFound as error:
        context["error"] = NO_INDICATOR if not indicators else (
            f"{error} Choisissez un indicateur dans la liste.")
        status = 404 if indicators else 200
    else:
        for position, read in enumerate(reads):
            map_params = params.map_params(position)
            indicator_access_record(request=request, indicator=read.indicator, via="atlas",
                                    level=map_params.level, within=map_params.within,
                                    period=map_params.period, restricted=read.restricted)
        cartes = context["payload"]["cartes"]
        context["map_forms"] = [{**form, "periods": cartes[i]["periodes"],
                                 "within_name": cartes[i]["dans_nom"]}
                                for i, form in enumerate(context["map_forms"][:len(cartes)])]
    _keep_other_territories(context["map_forms"], context["territories"])
    return render(request, "atlas/compare.html", context, status=status)
