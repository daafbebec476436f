"""API: the maps of a step, as the reader draws them (story.js).

GET /api/v1/scenarios/{slug}/etapes/{step_id}/carte → the step's bundle (bundle.py) computed
with the reader's rights. A scenario the user may not read, or a step not in it, is a 404.
Public scenarios are read without signing in: the zones' layer API requires a session, so an
anonymous reader gets the contours inlined in the bundle instead of the layer's URL.
"""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from terreau.indicators.audit import indicator_access_record
from terreau.indicators.models import Indicator

from .bundle import StepMaps, step_bundle, step_maps
from .queries import scenario_get_visible

router = Router(tags=["scénarios"])

NOT_FOUND = "Scénario ou étape introuvable."


def maps_audit(request: HttpRequest, maps: StepMaps) -> None:
    """Record each read of restricted data, as the atlas does for its maps."""
    for params, payload in zip(maps.params, maps.payloads, strict=True):
        if payload.get("exportable", True):  # False: computed from restricted data
            continue
        indicator = Indicator.objects.filter(slug=payload["indicateur"]["slug"]).first()
        if indicator is not None:
            indicator_access_record(request=request, indicator=indicator, via="scenario",
                                    level=params.level, within=params.within,
                                    period=payload["periode"] or None, restricted=True)


@router.get("/{slug}/etapes/{step_id}/carte", url_name="scenario_step_map", auth=None,
            response={200: dict, 404: dict}, summary="Cartes d'une étape d'un scénario",
            description="Les cartes d'une étape calculées avec vos droits : titre, légende "
                        "(couleur, libellé, effectif), zones sans valeur, texte de la valeur "
                        "et couleur de chaque zone, source, et les contours (adresse de la "
                        "couche des zones, ou les contours eux-mêmes sans session). Une carte "
                        "qui ne peut pas être dessinée l'explique dans « erreur ».")
def scenario_step_map(request: HttpRequest, slug: str, step_id: int):
    scenario = scenario_get_visible(slug=slug, user=request.user)
    step = scenario.steps.filter(pk=step_id).first() if scenario is not None else None
    if step is None:
        raise HttpError(404, NOT_FOUND)
    maps = step_maps(step, request.user)
    maps_audit(request, maps)
    return step_bundle(step, request.user, maps=maps,
                       inline_geometry=not request.user.is_authenticated)
