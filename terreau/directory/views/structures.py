"""The page of a structure and the page of a service (read-only parts), in plain French.

Every signed-in person reads them (queries.py). The links to change a record go to the
records part (`directory:structure_edit`): a steward changes it directly, anyone else
proposes a change there.
"""

from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from terreau.territory.models import Zone

from ..hours import hours_lines, hours_status
from ..models import Service, Structure
from ..queries import can_steward
from ..search import MODES, NATIONWIDE, labels, service_hours, service_place

WORKER_URL = "vendor/maplibre-gl-worker.mjs"
ZONE_KINDS = {5: "commune", 9: "EPCI"}


def eligibility_names(codes) -> list[str]:
    """"Tours (37261)", "département Indre-et-Loire (37)", "toute la France"."""
    codes = [c for c in codes or () if c]
    known = {(z.code, z.level): z.name for z in Zone.objects.filter(
        code__in=codes, level__in=("commune", "departement", "epci")).only("code", "name",
                                                                            "level")}
    out = []
    for code in codes:
        if code.lower() in NATIONWIDE:
            out.append("toute la France")
        elif len(code) in (2, 3):
            name = known.get((code, "departement"))
            out.append(f"département {name} ({code})" if name else f"département {code}")
        else:
            level = "epci" if len(code) == 9 else "commune"
            name = known.get((code, level))
            kind = ZONE_KINDS.get(len(code), "zone")
            out.append(f"{name} ({code})" if name else f"{kind} {code}")
    return out


def _url_or_empty(name: str, *args) -> str:
    """A link of another part of the directory, or "" while that part is not there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _map(lon, lat, approximate: bool) -> dict | None:
    if lon is None or lat is None:
        return None
    return {"worker_url": static(WORKER_URL), "approximate": approximate,
            "bbox": [lon - 0.01, lat - 0.006, lon + 0.01, lat + 0.006],
            "point": {"type": "FeatureCollection", "features": [{
                "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"approximative": approximate}}]}}


def service_view_data(service: Service, now) -> dict:
    """What a service shows: plain labels, its hours (its own or its structure's)."""
    hours = service_hours(service)
    return {
        "service": service,
        "themes": labels("thematiques", service.thematiques),
        "publics": labels("publics", service.publics),
        "fees": labels("frais", [service.frais])[0] if service.frais else "",
        "modes": [MODES.get(m, m) for m in service.modes_accueil or ()],
        "referral": labels("modes-mobilisation", service.modes_mobilisation),
        "referrers": labels("personnes-mobilisatrices", service.mobilisable_par),
        "eligibility": eligibility_names(service.zone_eligibilite),
        "hours_own": bool(service.horaires_accueil),
        "hours_lines": hours_lines(hours) if hours else [],
        "status": hours_status(hours, now) if hours and not service.closed_on else "",
        "type": labels("types-de-services", [service.type])[0] if service.type else "",
    }


def _edit_links(request, structure: Structure) -> dict:
    return {"edit_url": _url_or_empty("directory:structure_edit", structure.pk),
            "steward": can_steward(request.user, structure)}


def structure_detail(request, pk: int):
    structure = get_object_or_404(Structure.objects.select_related("group"), pk=pk)
    now = timezone.localtime()
    services = list(structure.services.order_by("closed_on", "nom", "pk"))
    hours = structure.horaires_accueil
    return render(request, "directory/structure.html", {
        "structure": structure,
        "services": [service_view_data(s, now) for s in services],
        "hours_lines": hours_lines(hours) if hours else [],
        "status": hours_status(hours, now) if hours and not structure.closed_on else "",
        "networks": labels("reseaux-porteurs", structure.reseaux_porteurs),
        "map": _map(structure.longitude, structure.latitude, structure.position_approximate),
        **_edit_links(request, structure),
    })


def service_detail(request, pk: int):
    service = get_object_or_404(Service.objects.select_related("structure"), pk=pk)
    lon, lat, approximate = service_place(service)
    data = service_view_data(service, timezone.localtime())
    return render(request, "directory/service.html", {
        **data, "structure": service.structure, "map": _map(lon, lat, approximate),
        "own_place": bool(service.adresse or service.longitude is not None),
        **_edit_links(request, service.structure),
    })


urlpatterns = [
    path("structures/<int:pk>/", structure_detail, name="structure"),
    path("services/<int:pk>/", service_detail, name="service"),
]
