"""JSON API of the territories (/api/v1/territoires/): zone search, zone detail, map layers."""

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut

from .choices import Level
from .layers import UnknownTerritory, layer_response
from .models import Zone
from .queries import SEARCH_LIMIT_MAX, zone_children_counts, zone_get, zone_search
from .within import WithinLevelError

router = Router(tags=["territoires"])

ZONE_NOT_FOUND = "Zone introuvable."
TERRITORY_NOT_FOUND = "Territoire inconnu : vérifiez le code donné dans « dans »."


class ZoneRefOut(Schema):
    code: str
    nom: str
    niveau: Level


class ZoneSearchIn(Schema):
    q: str = Field(..., min_length=1, max_length=100, description="Nom ou début de code INSEE.")
    niveau: Level | None = Field(None, description="Limiter à un niveau (commune, iris...).")
    limit: int = Field(20, ge=1, le=SEARCH_LIMIT_MAX)


class ZoneSearchOut(ZoneRefOut):
    niveau_libelle: str
    departement: ZoneRefOut | None = Field(None, description="Département qui contient la zone.")
    url: str


class ZoneDetailOut(ZoneRefOut):
    niveau_libelle: str
    parents: list[ZoneRefOut] = Field(description="Zones englobantes, la plus proche d'abord.")
    enfants: dict[str, int] = Field(description="Nombre de zones contenues, par niveau.")
    superficie_km2: float | None
    bbox: list[float] | None = Field(None, description="[ouest, sud, est, nord] en WGS84.")
    has_contour: bool
    vintage: int | None = Field(None, description="Millésime de la géographie (COG).")
    url: str


class LayerIn(Schema):
    dans: str = Field("", max_length=20, description=(
        "Ne garder que les zones contenues dans ce territoire : un code (« 24 », « 37 ») "
        "ou niveau:code (« departement:24 ») quand le code existe à plusieurs niveaux, ou "
        "vecu:N pour un territoire dessiné par l'un de vos groupes."))


def _ref(zone: Zone | None) -> dict | None:
    if zone is None:
        return None
    return {"code": zone.code, "nom": zone.name, "niveau": zone.level}


@router.get("/couches/{level}", url_name="territory_layer",
            response={400: ErrorOut, 404: ErrorOut},
            summary="Couche cartographique d'un niveau (GeoJSON compressé)",
            openapi_extra={"responses": {200: {
                "description": "FeatureCollection GeoJSON (id numérique, propriétés code, nom, "
                               "niveau), compressée en gzip si le client l'accepte ; ETag.",
                "content": {"application/geo+json": {"schema": {"type": "object"}}}}}})
def layer(request: HttpRequest, level: Level, filters: Query[LayerIn]) -> HttpResponse:
    """Return the zones of a level as GeoJSON, served from the shared layer cache."""
    # Served as stored bytes, bypassing ninja's JSON rendering: it is the heaviest response.
    try:
        return layer_response(request, level.value, filters.dans.strip())
    except UnknownTerritory:
        raise HttpError(404, TERRITORY_NOT_FOUND) from None
    except WithinLevelError as error:
        raise HttpError(400, str(error)) from None


@router.get("/zones", response=list[ZoneSearchOut], url_name="territory_zone_search",
            summary="Chercher une zone par nom ou par code")
def zones_search(request: HttpRequest, filters: Query[ZoneSearchIn]):
    """Find zones by name (accents and case ignored) or by the start of their code."""
    niveau = filters.niveau.value if filters.niveau else None
    return [
        {**_ref(zone), "niveau_libelle": zone.get_level_display(),
         "departement": _ref(zone.departement), "url": zone.get_absolute_url()}
        for zone in zone_search(query=filters.q, level=niveau, limit=filters.limit)
    ]


@router.get("/zones/{level}/{code}", response={200: ZoneDetailOut, 404: ErrorOut},
            url_name="territory_zone_detail", summary="Fiche d'une zone")
def zone_detail(request: HttpRequest, level: Level, code: str):
    """Describe one zone: its parents, its children per level, its area and bounding box."""
    zone = zone_get(level=level.value, code=code)
    if zone is None:
        raise HttpError(404, ZONE_NOT_FOUND)
    return {
        **_ref(zone), "niveau_libelle": zone.get_level_display(),
        "parents": [_ref(parent) for parent in zone.ancestors()],
        "enfants": zone_children_counts(zone),
        "superficie_km2": zone.area_km2,
        "bbox": list(zone.bbox) if zone.bbox else None,
        "has_contour": bool(zone.display),
        "vintage": zone.vintage,
        "url": zone.get_absolute_url(),
    }
