"""Finding a service: /annuaire/ (filters, the list and its map) and the neighbourhood sheet
(/annuaire/fiche-quartier/, its PDF). Every signed-in person reads the directory; anonymous
visitors are sent to the sign-in page by the middleware.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..forms_search import search_form
from ..queries import is_any_steward
from ..search import Hit, describe, labels, search, with_status
from ..sheet import SheetForm, sheet_filename, sheet_pdf

PER_PAGE = 20
WORKER_URL = "vendor/maplibre-gl-worker.mjs"
MARGIN_DEGREES = 0.01


def map_features(hits: list[Hit]) -> dict:
    """The results with a position, as GeoJSON for the map (all pages, not just this one)."""
    features = [
        {"type": "Feature", "id": i,
         "geometry": {"type": "Point", "coordinates": [round(h.lon, 5), round(h.lat, 5)]},
         "properties": {"nom": h.service.nom, "structure": h.structure.nom,
                        "url": h.service.get_absolute_url(), "approximative": h.approximate}}
        for i, h in enumerate(hits) if h.lon is not None and h.lat is not None]
    return {"type": "FeatureCollection", "features": features}


def bbox_of(collection: dict, origin=None) -> list[float] | None:
    points = [f["geometry"]["coordinates"] for f in collection["features"]]
    if origin is not None:
        points.append(list(origin))
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [min(lons) - MARGIN_DEGREES, min(lats) - MARGIN_DEGREES,
            max(lons) + MARGIN_DEGREES, max(lats) + MARGIN_DEGREES]


def decorate(hits: list[Hit]) -> list[Hit]:
    """Plain labels of the themes and fees of the hits shown."""
    for hit in with_status(hits):
        hit.theme_labels = labels("thematiques", hit.service.thematiques)
        hit.fee_label = labels("frais", [hit.service.frais])[0] if hit.service.frais else ""
    return hits


@require_GET
def index(request):
    """The directory: filters (a GET form, shareable), the results as a list and a map."""
    form, filters = search_form(request.GET or None)
    results = search(filters)
    page = Paginator(results.hits, PER_PAGE).get_page(request.GET.get("page"))
    decorate(list(page.object_list))
    collection = map_features(results.hits)
    return render(request, "directory/index.html", {
        "form": form, "page": page, "notes": results.notes, "filters": filters,
        "described": describe(filters), "geocoded": form.geocoded_label,
        "map_data": collection, "bbox": bbox_of(collection, filters.origin),
        "origin": list(filters.origin) if filters.origin else None,
        "worker_url": static(WORKER_URL), "searched": bool(request.GET),
        "steward": is_any_steward(request.user),
    })


@require_GET
def sheet(request):
    """Choose a zone and themes; the PDF sheet of the services in or serving that zone."""
    form = SheetForm(request.GET or None)
    return render(request, "directory/sheet.html", {"form": form})


@require_GET
def sheet_download(request):
    form = SheetForm(request.GET)
    if not form.is_valid():
        return render(request, "directory/sheet.html", {"form": form}, status=400)
    zone, themes = form.cleaned_data["zone"], form.cleaned_data["themes"]
    response = HttpResponse(sheet_pdf(zone, themes, at=timezone.localtime()),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sheet_filename(zone)}"'
    return response


urlpatterns = [
    path("", index, name="index"),
    path("fiche-quartier/", sheet, name="sheet"),
    path("fiche-quartier.pdf", sheet_download, name="sheet_pdf"),
]
