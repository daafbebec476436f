"""JSON API of the directory's search part, under /api/v1/annuaire/.

Same rules as the pages: 401 for anonymous clients, every signed-in person reads. The search
takes the page's parameters (`theme`, `public`, `gratuit`, `mode`, `ouvert`, `q`, `zone`,
`portee`, `adresse`, `rayon`, `fermes`); `format=geojson` answers a FeatureCollection of the
services that have a position.
"""

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema, Status

from .forms_search import search_form
from .search import Hit, describe, labels, search, with_status

router = Router()

LIMIT_MAX = 500


class ErrorOut(Schema):
    detail: str = Field(description="Explication en français.")
    erreurs: dict[str, list[str]] = Field(default_factory=dict,
                                          description="Messages par paramètre.")


class ServiceHitOut(Schema):
    id: int
    nom: str
    url: str
    structure: dict = Field(description="{id, nom, url}")
    adresse: str
    code_insee: str
    longitude: float | None
    latitude: float | None
    position_approximative: bool
    distance_km: float | None = Field(description="Depuis l'adresse ou le centre de la zone.")
    horaires: str = Field(description="Horaires OpenStreetMap qui s'appliquent (service, "
                                      "sinon structure).")
    ouverture: str = Field(description="« Ouvert maintenant, ferme à 17 h »…")
    dans_la_zone: str = Field(description="Pourquoi le service répond au filtre de zone.")
    thematiques: list[str]
    thematiques_libelles: list[str]
    publics: list[str]
    frais: str
    modes_accueil: list[str]
    zone_eligibilite: list[str]
    ferme: bool
    exemple: bool


class SearchOut(Schema):
    total: int
    limit: int
    offset: int
    filtres: list[str] = Field(description="Les filtres appliqués, en mots.")
    remarques: list[str]
    services: list[ServiceHitOut]


def hit_out(hit: Hit) -> dict:
    service, structure = hit.service, hit.structure
    return {
        "id": service.pk, "nom": service.nom, "url": service.get_absolute_url(),
        "structure": {"id": structure.pk, "nom": structure.nom,
                      "url": structure.get_absolute_url()},
        "adresse": hit.address, "code_insee": service.code_insee or structure.code_insee,
        "longitude": hit.lon, "latitude": hit.lat, "position_approximative": hit.approximate,
        "distance_km": round(hit.distance_km, 3) if hit.distance_km is not None else None,
        "horaires": hit.hours, "ouverture": hit.status, "dans_la_zone": hit.in_zone,
        "thematiques": list(service.thematiques or ()),
        "thematiques_libelles": labels("thematiques", service.thematiques),
        "publics": list(service.publics or ()), "frais": service.frais,
        "modes_accueil": list(service.modes_accueil or ()),
        "zone_eligibilite": list(service.zone_eligibilite or ()),
        "ferme": hit.closed, "exemple": structure.example,
    }


def geojson(items: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": item["id"], "properties": item,
         "geometry": {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]}}
        for item in items if item["longitude"] is not None and item["latitude"] is not None]}


@router.get("/services", response={200: SearchOut, 400: ErrorOut},
            summary="Chercher des services (mêmes filtres que la page de l'annuaire)")
def services_search(request: HttpRequest, limit: int = 100, offset: int = 0,
                    format: str = ""):
    form, filters = search_form(request.GET)
    if form.errors:
        return Status(400, {"detail": "Paramètres invalides.", "erreurs": {
            name: [str(m) for m in messages] for name, messages in form.errors.items()}})
    limit, offset = max(1, min(limit, LIMIT_MAX)), max(0, offset)
    results = search(filters)
    shown = with_status(results.hits[offset:offset + limit])
    items = [hit_out(hit) for hit in shown]
    if format == "geojson":
        return JsonResponse(geojson(items), content_type="application/geo+json")
    return {"total": len(results.hits), "limit": limit, "offset": offset,
            "filtres": describe(filters), "remarques": results.notes, "services": items}
