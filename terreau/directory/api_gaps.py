"""JSON API of the gap maps, under /api/v1/annuaire/: the ranked table of one map.

Same rule as the page: members of the map's group read it, anyone else gets 404.
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut

from .gap_needs import GapError
from .gap_publish import compare_url, published
from .gap_queries import gap_run, gap_spec, table_records
from .queries import gap_maps_visible

router = Router()


class GapZoneOut(Schema):
    zone: str = Field(description="Code INSEE de la zone.")
    name: str
    need: float | None = Field(description="Valeur du besoin (absente : inconnue, voir "
                                           "reasons).")
    need_class: int | None = Field(description="Tiers du besoin : 1 faible, 2 moyen, 3 fort.")
    eligible_services: int = Field(description="Services du thème dont l'éligibilité couvre "
                                               "la zone.")
    eligible_without_zone: int = Field(description="Parmi eux, services sans zone "
                                                   "d'éligibilité à portée du centre.")
    nearest_km: float | None = Field(description="Distance au service du thème le plus "
                                                 "proche, en km.")
    rank: int
    high_need: bool
    low_offer: bool
    reasons: str = Field(description="Les raisons en français.")


class GapMapOut(Schema):
    slug: str
    titre: str
    groupe: str
    theme: str
    theme_libelle: str
    besoin: str
    niveau: str
    dans: str
    portee_km: float = Field(description="Un service sans zone d'éligibilité compte en deçà "
                                         "de cette distance ; au-delà, l'offre est faible.")
    exemple: bool
    carte_bivariee: str | None = Field(description="Page de rapprochement de l'atlas (besoin "
                                                   "× distance), une fois l'offre publiée.")
    zones: list[GapZoneOut]


@router.get("ecarts/{slug}", response={200: GapMapOut, 404: ErrorOut, 409: ErrorOut},
            url_name="directory_gap_map",
            summary="Une carte des besoins sans réponse : le tableau classé des zones")
def gap_map_view(request: HttpRequest, slug: str):
    gap_map = gap_maps_visible(request.user).filter(slug=slug).first()
    if gap_map is None:
        raise HttpError(404, "Carte introuvable.")
    try:
        result = gap_run(gap_spec(gap_map), user=request.user, group=gap_map.group)
    except GapError as error:
        raise HttpError(409, str(error)) from None
    indicators = published(gap_map)
    return {
        "slug": gap_map.slug, "titre": gap_map.title, "groupe": gap_map.group.slug,
        "theme": gap_map.theme, "theme_libelle": result.theme_label,
        "besoin": result.need.label, "niveau": gap_map.level, "dans": gap_map.within,
        "portee_km": result.table.reach_km, "exemple": gap_map.example,
        "carte_bivariee": (compare_url(gap_map) if indicators["distance"] else None),
        "zones": table_records(result),
    }
