"""The PDF of a scenario (WeasyPrint): a cover, each step with its static maps and narrative,
then the hypotheses with their status history.

The maps are the atlas's server-side renderings (`atlas.exports.map_render`: SVG with title,
legend, source and licence), computed with the exporting user's rights. Maps side by side
showing one indicator at one period share one classification, as on the atlas page. Fonts:
the system's DejaVu through fontconfig.
"""

import base64
from dataclasses import dataclass

from django.template.loader import render_to_string

from terreau.atlas.classify import ClassificationError
from terreau.atlas.exports import ClassifiedMap, MapUnavailable, map_classified, map_render
from terreau.atlas.params import CompareParams, MapParams, ParamsError
from terreau.atlas.queries import (
    IndicatorNotFound,
    MapData,
    map_classification,
    map_colours,
    map_data,
)
from terreau.territory.within import WithinLevelError

from .models import Scenario, Step
from .offline import export_context


@dataclass(frozen=True)
class StaticMap:
    """One rendered map (an SVG data URI) or why it is missing."""

    title: str
    image: str = ""
    error: str = ""


def _compare_classified(params: CompareParams, user) -> list[ClassifiedMap | str]:
    """Each map of a comparison, classified as atlas_compare does (French error text when a
    map cannot be drawn)."""
    datas: list[MapData] = [map_data(params.map_params(i), user) for i in range(len(params.maps))]
    usable = [d for d in datas if not d.error]
    same = (len(usable) == len(datas) > 1
            and len({(d.indicator.pk, d.result.period) for d in datas}) == 1)
    out = []
    for data in datas:
        if data.error:
            out.append(data.error)
            continue
        try:
            classification = map_classification(datas if same else [data], data.params)
        except ClassificationError as error:
            out.append(str(error))
            continue
        out.append(ClassifiedMap(data, classification,
                                 map_colours(data, classification, data.params, user)))
    return out


def _step_classified(step: Step, user) -> list[ClassifiedMap | str]:
    params = step.params()
    if isinstance(params, CompareParams):
        return _compare_classified(params, user)
    assert isinstance(params, MapParams)
    try:
        return [map_classified(params, user)]
    except MapUnavailable as error:
        return [str(error)]


def step_static_maps(step: Step, user) -> list[StaticMap]:
    """The static maps of a step (never raises: a map that cannot be drawn says why)."""
    try:
        maps = _step_classified(step, user)
    except ParamsError as error:
        return [StaticMap(step.title, error=f"La vue enregistrée n'est plus valide : {error}")]
    except IndicatorNotFound as error:
        return [StaticMap(step.title, error=str(error))]
    except WithinLevelError as error:
        return [StaticMap(step.title, error=str(error))]
    out = []
    for item in maps:
        if isinstance(item, str):
            out.append(StaticMap(step.title, error=item))
            continue
        svg = map_render(item, "svg", user)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
        out.append(StaticMap(item.data.indicator.label, image=uri))
    return out


def scenario_pdf(scenario: Scenario, user, *, names: bool = True) -> bytes:
    """The PDF file of `scenario`, its maps computed with `user`'s rights."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s per process

    context = export_context(scenario, user, names=names)
    for step in context["steps"]:
        step.static_maps = step_static_maps(step, user)
    html = render_to_string("scenarios/pdf.html", context)
    return HTML(string=html).write_pdf()
