"""JSON API of the indicators (/api/v1/indicateurs/): list, sheet, values per zone.

Same rule as the pages: sign-in required (401), and an indicator whose datasets the user
may not all see does not exist for them (404).
"""

import io

from django.http import FileResponse, HttpRequest, HttpResponseNotModified
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from terreau.catalog.choices import VariableKind
from terreau.core.api_schemas import ErrorOut
from terreau.territory.choices import Level

from .audit import indicator_access_record
from .choices import Direction
from .formula import parse
from .models import Indicator
from .queries import (
    indicator_get_visible,
    indicator_list_visible,
    indicator_read,
    indicator_sources,
    indicator_values_json,
)
from .values import IndicatorUnavailable, periods_available, variables_by_name

router = Router(tags=["indicateurs"])

INDICATOR_NOT_FOUND = "Indicateur introuvable."
SEND_BLOCK = 1 << 18  # bytes per write to the socket (FileResponse sends 4 KiB by default)


class DatasetRefOut(Schema):
    slug: str
    titre: str
    licence: str
    producteur: str | None
    source: str
    url: str


class VariableOut(Schema):
    nom: str = Field(description="Nom de la variable dans les formules.")
    nom_complet: str = Field(description="jeu.variable, sans ambiguïté.")
    libelle: str
    unite: str
    nature: VariableKind = Field(description="Décide si la variable s'additionne (effectif, "
                                             "montant) pour les territoires plus grands.")
    jeu_de_donnees: DatasetRefOut


class IndicatorOut(Schema):
    slug: str
    libelle: str
    formule: str
    unite: str
    nature: VariableKind
    decimales: int
    sens: Direction = Field(description="better : plus c'est haut, mieux c'est ; worse : "
                                        "plus c'est haut, plus c'est préoccupant ; neutral.")
    groupe: str | None = Field(None, description="Identifiant du groupe de l'indicateur.")
    url: str


class IndicatorDetailOut(IndicatorOut):
    definition: str
    variables: list[VariableOut]
    periodes: list[str] = Field(description="Périodes pour lesquelles toutes les variables "
                                            "ont des valeurs, la plus ancienne d'abord.")


class ReferenceOut(Schema):
    code: str = Field(description="Code INSEE, ou « selection » pour l'ensemble des zones.")
    nom: str
    niveau: str
    valeur: float | None = Field(description="Absente (null) quand il n'y a pas de valeur.")
    raison: str | None = Field(description="Pourquoi il n'y a pas de valeur.")


class ZoneValueOut(ReferenceOut):
    rang: int | None = Field(description="1 pour la valeur la plus haute de la sélection.")
    parents: list[str] = Field(description="Codes des territoires englobants, le plus proche "
                                           "d'abord (département, région).")


class IndicatorValuesOut(Schema):
    indicateur: str
    libelle: str
    unite: str
    decimales: int
    niveau: str
    periode: str
    periodes: list[str]
    dans: str | None
    zones: list[ZoneValueOut]
    references: list[ReferenceOut] = Field(description=(
        "Territoires de référence : les territoires englobants (département, région), puis "
        "la sélection. Leurs valeurs additionnent les composantes de la formule sur les "
        "zones qu'ils contiennent, puis appliquent la formule ; absentes si une zone n'a pas "
        "de valeur ou si une variable ne s'additionne pas (médiane, taux)."))


class ValuesIn(Schema):
    niveau: Level = Field(Level.COMMUNE, description="Niveau des zones.")
    dans: str = Field("", max_length=20, description=(
        "Ne garder que les zones de ce territoire : un code (« 37 ») ou niveau:code "
        "(« departement:24 »), ou vecu:N pour un territoire dessiné par l'un de vos "
        "groupes."))
    periode: str | None = Field(None, max_length=20,
                                description="Période (la plus récente par défaut).")


def _indicator_out(indicator: Indicator) -> dict:
    return {"slug": indicator.slug, "libelle": indicator.label, "formule": indicator.formula,
            "unite": indicator.unit, "nature": indicator.kind, "decimales": indicator.decimals,
            "sens": indicator.direction,
            "groupe": indicator.owner_group.slug if indicator.owner_group else None,
            "url": indicator.get_absolute_url()}


def _variable_out(variable) -> dict:
    dataset = variable.dataset
    return {"nom": variable.slug, "nom_complet": variable.qualified_slug,
            "libelle": variable.label, "unite": variable.unit, "nature": variable.kind,
            "jeu_de_donnees": {"slug": dataset.slug, "titre": dataset.title,
                               "licence": dataset.licence, "source": dataset.source_url,
                               "producteur": dataset.holder.name if dataset.holder else None,
                               "url": dataset.get_absolute_url()}}


def _get(slug: str, user) -> Indicator:
    indicator = indicator_get_visible(slug=slug, user=user)
    if indicator is None:
        raise HttpError(404, INDICATOR_NOT_FOUND)
    return indicator


@router.get("/", response=list[IndicatorOut], url_name="indicator_list",
            summary="Indicateurs visibles")
def indicators(request: HttpRequest):
    """List the indicators whose every dataset the user may see."""
    return [_indicator_out(indicator) for indicator in indicator_list_visible(request.user)]


@router.get("/{slug}", response={200: IndicatorDetailOut, 404: ErrorOut},
            url_name="indicator_detail", summary="Fiche d'un indicateur")
def indicator_detail(request: HttpRequest, slug: str):
    """Describe an indicator: formula, unit, variables with their datasets, periods."""
    indicator = _get(slug, request.user)
    formula = parse(indicator.formula)
    try:
        periods = periods_available(variables_by_name(indicator, formula), formula)
    except IndicatorUnavailable:
        periods = []
    indicator_access_record(request=request, indicator=indicator, via="api")
    return {**_indicator_out(indicator), "definition": indicator.definition,
            "variables": [_variable_out(v) for v in indicator_sources(indicator)],
            "periodes": periods}


@router.get("/{slug}/valeurs", response={200: IndicatorValuesOut, 404: ErrorOut},
            url_name="indicator_values", summary="Valeurs par zone et territoires de référence")
def indicator_values(request: HttpRequest, slug: str, filters: Query[ValuesIn]):
    """Return the values per zone of a level, and the reference territories."""
    # Served as cached bytes, bypassing ninja's validation and rendering: 35,000 zones.
    read = indicator_read(slug=slug, user=request.user)
    if read is None:
        raise HttpError(404, INDICATOR_NOT_FOUND)
    indicator = read.indicator
    try:
        body, etag = indicator_values_json(
            indicator, level=filters.niveau.value, within=filters.dans.strip(),
            period=filters.periode, user=request.user, read=read)
    except IndicatorUnavailable as error:
        raise HttpError(404, str(error)) from None
    # Logged even when the answer is 304: the client reads the values again, from its cache.
    indicator_access_record(request=request, indicator=indicator, via="api",
                            level=filters.niveau.value, within=filters.dans.strip(),
                            period=filters.periode, restricted=read.restricted)
    headers = {"ETag": f'"{etag}"', "Cache-Control": "private, max-age=60",
               "Vary": "Cookie"}
    if f'"{etag}"' in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        for name, value in headers.items():
            response[name] = value
        return response
    # A file response: the WSGI server sends the bytes as they are (waitress would copy a
    # body of several megabytes into a temporary file first).
    response = FileResponse(io.BytesIO(body), content_type="application/json", headers=headers)
    response.block_size = SEND_BLOCK
    return response
