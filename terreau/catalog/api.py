"""JSON API of the catalogue (/api/v1/donnees/): datasets, variables, a version's values.

The same rule as the pages: `Dataset.objects.visible_to(user)`. A dataset the client may not
see answers 404, exactly like one that does not exist. Anonymous clients get 401 (TerreauAPI).
"""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut

from .audit import dataset_access_record
from .choices import Sensitivity, VariableKind
from .page_queries import (
    dataset_get_visible,
    dataset_list_visible,
    dataset_versions,
    variable_list_visible,
    version_changes_lines,
    version_get,
    version_values_page,
)

router = Router(tags=["données"])

DATASET_NOT_FOUND = "Jeu de données introuvable."
VERSION_NOT_FOUND = "Cette version n'existe pas."
VALUES_LIMIT_MAX = 10_000


class HolderRefOut(Schema):
    id: int
    nom: str
    url: str


class VariableOut(Schema):
    slug: str = Field(description="Nom de la variable dans les formules.")
    slug_complet: str = Field(description="jeu.variable, quand deux jeux partagent un nom.")
    colonne: str = Field(description="Nom de la colonne dans le fichier importé.")
    libelle: str
    unite: str
    nature: VariableKind = Field(description="Décide comment les valeurs s'additionnent.")
    definition: str
    jeu: str = Field(description="Identifiant du jeu de données.")


class VersionOut(Schema):
    numero: int
    date: datetime
    auteur: str | None
    fichier: str
    zones: int = Field(description="Nombre de zones (lignes) de la version.")
    millesime_codes: int | None = Field(None, description="Millésime du COG des codes.")
    changements: list[str] = Field(description="Changements depuis la version précédente.")
    url: str


class DatasetOut(Schema):
    slug: str
    titre: str
    niveau: str = Field(description="Niveau des zones : commune, iris, departement…")
    sensibilite: Sensitivity = Field(description="open, shared, group ou restricted.")
    producteur: HolderRefOut | None
    millesime: str
    derniere_version: int | None
    date_derniere_version: datetime | None
    url: str


class DatasetDetailOut(DatasetOut):
    description: str
    source: str = Field(description="Lien vers la source.")
    licence: str
    notes_methode: str
    groupe: str | None = Field(None, description="Identifiant du groupe propriétaire.")
    variables: list[VariableOut]
    versions: list[VersionOut] = Field(description="La plus récente d'abord.")


class VariablesIn(Schema):
    jeu: str | None = Field(None, max_length=80, description="Identifiant d'un jeu de données.")
    slug: str | None = Field(None, max_length=80, description="Nom de la variable.")


class ValuesIn(Schema):
    variable: str | None = Field(None, max_length=80, description="Une seule variable.")
    zone: str | None = Field(None, max_length=20, description="Un seul code de zone.")
    limit: int = Field(1000, ge=1, le=VALUES_LIMIT_MAX)
    offset: int = Field(0, ge=0)


class ValueOut(Schema):
    zone: str = Field(description="Code de la zone (INSEE).")
    nom: str = Field(description="Nom de la zone.")
    variable: str
    periode: str
    valeur: float | None = Field(description="Vide quand il n'y a pas de valeur, jamais 0.")
    raison: str = Field(description="Pourquoi il n'y a pas de valeur (secret, n.d.…).")


class ValuesOut(Schema):
    jeu: str
    version: int
    total: int = Field(description="Nombre de valeurs qui répondent aux filtres.")
    offset: int
    limit: int
    valeurs: list[ValueOut]


def _holder(dataset) -> dict | None:
    holder = dataset.holder
    if holder is None:
        return None
    return {"id": holder.pk, "nom": holder.name, "url": holder.get_absolute_url()}


def _variable(variable) -> dict:
    return {"slug": variable.slug, "slug_complet": variable.qualified_slug,
            "colonne": variable.column, "libelle": variable.label, "unite": variable.unit,
            "nature": variable.kind, "definition": variable.description,
            "jeu": variable.dataset.slug}


def _version(dataset, version) -> dict:
    author = version.created_by
    return {"numero": version.number, "date": version.created_at,
            "auteur": (author.get_full_name() or author.username) if author else None,
            "fichier": version.source_filename, "zones": version.row_count,
            "millesime_codes": version.geography_vintage,
            "changements": version_changes_lines(version.changes),
            "url": f"{dataset.get_absolute_url()}v{version.number}/"}


def _dataset(dataset, latest_number, latest_at) -> dict:
    return {"slug": dataset.slug, "titre": dataset.title, "niveau": dataset.level,
            "sensibilite": dataset.sensitivity, "producteur": _holder(dataset),
            "millesime": dataset.vintage, "derniere_version": latest_number,
            "date_derniere_version": latest_at, "url": dataset.get_absolute_url()}


def _visible_or_404(request, slug: str):
    dataset = dataset_get_visible(user=request.user, slug=slug)
    if dataset is None:
        raise HttpError(404, DATASET_NOT_FOUND)
    return dataset


@router.get("/jeux", response=list[DatasetOut], url_name="catalog_datasets",
            summary="Jeux de données visibles")
def datasets(request: HttpRequest):
    """List the datasets the signed-in user may see, with their latest version."""
    return [_dataset(d, d.latest_number, d.latest_at)
            for d in dataset_list_visible(user=request.user)]


@router.get("/jeux/{slug}", response={200: DatasetDetailOut, 404: ErrorOut},
            url_name="catalog_dataset", summary="Fiche d'un jeu de données")
def dataset(request: HttpRequest, slug: str):
    """Describe a dataset: its metadata sheet, its variables and its versions."""
    found = _visible_or_404(request, slug)
    versions = list(dataset_versions(found))
    latest = versions[0] if versions else None
    variables = found.variables.select_related("dataset").order_by("position")
    dataset_access_record(request=request, dataset=found, version=latest, via="api")
    return {
        **_dataset(found, latest.number if latest else None,
                   latest.created_at if latest else None),
        "description": found.description, "source": found.source_url,
        "licence": found.licence, "notes_methode": found.method_notes,
        "groupe": found.owner_group.slug if found.owner_group else None,
        "variables": [_variable(v) for v in variables],
        "versions": [_version(found, v) for v in versions],
    }


@router.get("/variables", response=list[VariableOut], url_name="catalog_variables",
            summary="Variables des jeux de données visibles")
def variables(request: HttpRequest, filters: Query[VariablesIn]):
    """List the variables of the visible datasets, filtered by dataset and by name."""
    return [_variable(v) for v in variable_list_visible(
        user=request.user, dataset_slug=filters.jeu, slug=filters.slug)]


@router.get("/jeux/{slug}/versions/{number}/valeurs",
            response={200: ValuesOut, 404: ErrorOut}, url_name="catalog_values",
            summary="Valeurs d'une version, par zone")
def values(request: HttpRequest, slug: str, number: int, filters: Query[ValuesIn]):
    """Return a version's values, one per zone, variable and period, page by page."""
    found = _visible_or_404(request, slug)
    version = version_get(dataset=found, number=number)
    if version is None:
        raise HttpError(404, VERSION_NOT_FOUND)
    total, page = version_values_page(version, variable=filters.variable,
                                      zone_code=filters.zone, offset=filters.offset,
                                      limit=filters.limit)
    dataset_access_record(request=request, dataset=found, version=version, via="api")
    return {
        "jeu": found.slug, "version": version.number, "total": total,
        "offset": filters.offset, "limit": filters.limit,
        "valeurs": [{"zone": code, "nom": name, "variable": var, "periode": period,
                     "valeur": value, "raison": reason}
                    for code, name, var, period, value, reason in page],
    }
