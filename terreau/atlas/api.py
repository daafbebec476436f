"""JSON API of the atlas (/api/v1/atlas/): classified maps, comparisons, zone portraits, points.

Same rules as the indicators API: sign-in required (401), an indicator whose datasets the user
may not all see does not exist for them (404), each read of restricted data is audited. A bad
parameter is a 400 whose `detail` is a French sentence naming it.

The parameters are read by `params.py` from the query string, as the pages and
`terreau render-map` read them; the schemas below only document them. Map bodies are served
as cached bytes (35,000 zones), bypassing ninja's validation and rendering.
"""

import gzip
import io

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut
from terreau.indicators.audit import indicator_access_record
from terreau.indicators.queries import IndicatorRead
from terreau.territory.layers import accepts_gzip
from terreau.territory.within import WithinLevelError

from .params import (
    CompareParams,
    MapParams,
    ParamsError,
    parse_also_within,
    parse_level,
    parse_period,
    parse_within,
)
from .points import UnknownTerritory, points_geojson_gz
from .portrait import ZoneNotFound, zone_portrait
from .queries import (
    IndicatorNotFound,
    atlas_compare_json,
    atlas_map_json,
    dumps,
    map_read,
)

router = Router(tags=["atlas"])

SEND_BLOCK = 1 << 18  # bytes per write to the socket


MAP_DOC = (
    "Carte choroplèthe classée d'un indicateur : les valeurs par zone avec leur classe, la "
    "classification (bornes supérieures de chaque classe, effectifs, zones sans valeur, "
    "couleurs), les territoires de référence. Quand les valeurs ne peuvent pas être classées "
    "(niveau sans données, toutes les valeurs manquantes, période inconnue…), `erreur` "
    "l'explique en français, `classification` est nulle et les zones restent listées.")


class MapIn(Schema):
    # Defaults everywhere: params.py checks and explains in French (ninja would answer 422).
    indicateur: str = Field("", description="Identifiant de l'indicateur (obligatoire).")
    niveau: str = Field("commune", description="Niveau des zones : commune, iris, "
                                               "departement, region, epci, qpv.")
    dans: str = Field("", description="Territoire : « 37 », « departement:37 », "
                                      "« commune:37261 » (ses IRIS), « vecu:12 ».")
    periode: str = Field("", description="Période ; vide : la plus récente.")
    methode: str = Field("", description="quantiles, fisher_jenks, equal_interval, std_mean "
                                         "ou manual (défaut : quantiles, manual si bornes).")
    classes: str = Field("", description="Nombre de classes, de 3 à 9 (défaut 5).")
    bornes: str = Field("", description="Seuils choisis, séparés par des virgules, décimales "
                                        "avec un point : « 2.5,5,10 ».")
    palette: str = Field("", description="Palette ColorBrewer (défaut selon le sens de "
                                         "l'indicateur).")
    reference: str = Field("", description="Centre d'une palette divergente : « selection » "
                                           "ou un territoire « departement:37 ».")
    avec: str = Field("", description="Autres territoires (valeurs de `dans` séparées par "
                                      "« ; ») dont les valeurs entrent dans la même "
                                      "classification, pour des cartes comparables.")


class CompareIn(Schema):
    carte: list[str] = Field(default_factory=list, description=(
        "Une carte : indicateur,niveau,territoire,période (période vide : la plus récente) ; "
        "répété de 2 à 4 fois."))
    methode: str = Field("", description="Méthode de classification, commune aux cartes.")
    classes: str = Field("", description="Nombre de classes, de 3 à 9.")
    bornes: str = Field("", description="Seuils choisis (méthode manual).")
    palette: str = Field("", description="Palette ColorBrewer.")


class ZoneIn(Schema):
    niveau: str = Field("commune", description="Niveau de la zone.")
    code: str = Field("", description="Code de la zone (code INSEE, obligatoire).")
    dans: str = Field("", description="Sélection pour le rang et la référence « sélection ».")
    periode: str = Field("", description="Période ; un indicateur qui ne l'a pas donne sa "
                                         "plus récente.")


class PointsIn(Schema):
    niveau: str = Field("commune", description="Niveau des zones.")
    dans: str = Field("", description="Territoire.")


def _json(body: bytes, etag: str | None = None, request: HttpRequest | None = None,
          status: int = 200) -> HttpResponse:
    headers = {"Cache-Control": "private, max-age=60", "Vary": "Cookie"}
    if etag:
        headers["ETag"] = f'"{etag}"'
        if request is not None and f'"{etag}"' in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
            for name, value in headers.items():
                response[name] = value
            return response
    if len(body) < SEND_BLOCK:
        return HttpResponse(body, content_type="application/json", status=status,
                            headers=headers)
    # A file response: the WSGI server sends the bytes as they are.
    response = FileResponse(io.BytesIO(body), content_type="application/json", headers=headers,
                            status=status)
    response.block_size = SEND_BLOCK
    return response


def _record(request: HttpRequest, read: IndicatorRead, params: MapParams) -> None:
    indicator_access_record(request=request, indicator=read.indicator, via="atlas",
                            level=params.level, within=params.within, period=params.period,
                            restricted=read.restricted)


@router.get("/carte", response={200: dict, 400: ErrorOut, 404: ErrorOut}, url_name="atlas_map",
            summary="Carte classée d'un indicateur", description=MAP_DOC)
def atlas_map_view(request: HttpRequest, filters: Query[MapIn]):
    try:
        params = MapParams.from_query(request.GET, require_indicator=True)
        also = parse_also_within(request.GET.get("avec", ""))
        read = map_read(params.indicator, request.user)
        body, etag = atlas_map_json(params, request.user, also_within=also, read=read)
    except ParamsError as error:
        raise HttpError(400, str(error)) from None
    except IndicatorNotFound as error:
        raise HttpError(404, str(error)) from None
    _record(request, read, params)
    return _json(body, etag, request)


@router.get("/rapprochement", response={200: dict, 400: ErrorOut, 404: ErrorOut},
            url_name="atlas_compare", summary="Cartes côte à côte et croisement",
            description="Deux à quatre cartes avec la même méthode de classification (une "
                        "seule classification quand elles montrent le même indicateur à la "
                        "même période), et le croisement de la carte 1 (x) avec la carte 2 "
                        "(y) sur les zones qu'elles montrent toutes deux : coefficients de "
                        "Pearson et de Spearman expliqués, droite de régression, carte "
                        "bivariée 3 × 3, zones hautes ou basses sur les deux.")
def atlas_compare_view(request: HttpRequest, filters: Query[CompareIn]):
    try:
        params = CompareParams.from_query(request.GET)
        reads = [map_read(choice.indicator, request.user) for choice in params.maps]
        body, etag = atlas_compare_json(params, request.user, reads=reads)
    except ParamsError as error:
        raise HttpError(400, str(error)) from None
    except IndicatorNotFound as error:
        raise HttpError(404, str(error)) from None
    for position, read in enumerate(reads):
        _record(request, read, params.map_params(position))
    return _json(body, etag, request)


@router.get("/zone", response={200: dict, 400: ErrorOut, 404: ErrorOut}, url_name="atlas_zone",
            summary="Portrait d'une zone",
            description="Tous les indicateurs visibles pour une zone : sa valeur, son rang "
                        "dans la sélection, et les valeurs de ses territoires de référence "
                        "(département, région, sélection, territoires de vos groupes qui la "
                        "contiennent).")
def atlas_zone_view(request: HttpRequest, filters: Query[ZoneIn]):
    try:
        level = parse_level(filters.niveau.strip())
        within = parse_within(filters.dans.strip())
        period = parse_period(filters.periode.strip())
        if not filters.code.strip():
            raise ParamsError("code", "Paramètre « code » manquant : le code de la zone.")
        portrait = zone_portrait(level, filters.code.strip(), within, period, request.user)
    except ParamsError as error:
        raise HttpError(400, str(error)) from None
    except ZoneNotFound as error:
        raise HttpError(404, str(error)) from None
    for read in portrait.reads:
        _record(request, read, MapParams(level=level, within=within, period=period))
    return _json(dumps(portrait.payload))


@router.get("/points", response={200: dict, 400: ErrorOut, 404: ErrorOut},
            url_name="atlas_points", summary="Points représentatifs des zones",
            description="GeoJSON d'un point par zone, toujours à l'intérieur de la zone "
                        "(point sur la surface), pour dessiner des symboles proportionnels. "
                        "Propriétés : code, nom ; `id` est celui des entités de la couche "
                        "des zones.")
def atlas_points_view(request: HttpRequest, filters: Query[PointsIn]):
    try:
        level = parse_level(filters.niveau.strip())
        within = parse_within(filters.dans.strip())
        body, etag = points_geojson_gz(level, within, request.user)
    except (ParamsError, WithinLevelError) as error:
        raise HttpError(400, str(error)) from None
    except UnknownTerritory:
        raise HttpError(404, f"Territoire inconnu : « {filters.dans} ».") from None
    headers = {"ETag": f'"{etag}"', "Cache-Control": "private, max-age=300",
               "Vary": "Accept-Encoding, Cookie"}
    if f'"{etag}"' in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    elif accepts_gzip(request):
        response = HttpResponse(body, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(body), content_type="application/geo+json")
    for name, value in headers.items():
        response[name] = value
    return response
