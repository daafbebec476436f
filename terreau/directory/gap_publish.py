"""Publish a gap map's offer (and a survey need) to the atlas, as analysis/publish.py does.

The values per zone go through the catalogue's ordinary import (`dataset_import`): a
temporary CSV and an `ImportPlan`, so that the publication is all or nothing and versioned
(republishing makes version n+1). Then one indicator per value: the services of the theme
whose eligibility covers the zone, the distance to the nearest one, and — when the need
comes from answers (a survey share or a profile) — the need itself, so that the atlas's
comparison page draws the need against the offer on its bivariate 3 × 3 map, and a scenario
takes that view as a step. The dataset is the group's ("group" sensitivity): its indicators
are seen by the group's members only. Answer counts of zones under the disclosure threshold
are written as statistical secrets ("s") even inside the group.
"""

import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from terreau.atlas.params import CompareParams, MapChoice
from terreau.catalog.choices import HolderKind, Sensitivity
from terreau.catalog.models import DataHolder, Dataset
from terreau.catalog.services import DataImportError, ImportPlan, VariableSpec, dataset_import
from terreau.core.exports import write_csv
from terreau.core.slugs import slug_bounded, slug_free
from terreau.indicators.choices import Direction
from terreau.indicators.models import Indicator
from terreau.indicators.services import indicator_create, indicator_update
from terreau.surveys.followup import THRESHOLD

from .gap_needs import GapError
from .gap_queries import GapResult, GapSpec, gap_run, gap_spec
from .models import GapMap
from .queries import can_make_gap_maps

SLUG_MAX = 80
SECRET = "s"
RESERVED = frozenset({"nouvelle"})  # the creation page's URL word
NO_RIGHT = ("Seules l'animation, les gardiens des données et l'administration du groupe font "
            "les cartes des besoins sans réponse.")


@dataclass
class GapPublication:
    dataset: Dataset
    version: int
    need: Indicator | None
    services: Indicator
    distance: Indicator


def dataset_slug(gap_map: GapMap) -> str:
    return slug_bounded(f"offre-{gap_map.slug}")


def _prefix(gap_map: GapMap) -> str:
    return slug_bounded(f"offre-{gap_map.slug}", SLUG_MAX - 9)  # room for "-distance"


def indicator_slugs(gap_map: GapMap) -> dict[str, str]:
    prefix = _prefix(gap_map)
    return {"services": f"{prefix}-services", "distance": f"{prefix}-distance",
            "need": f"{prefix}-besoin"}


def _rows(result: GapResult) -> tuple[list[str], list[list]]:
    header = ["code", "services_eligibles", "distance_km"]
    with_need = result.need.from_answers
    if with_need:
        header += ["repondants", "besoin"]
    rows = []
    for row in result.table.rows:
        line = [row.code, row.eligible,
                "" if row.nearest_km is None else round(row.nearest_km, 2)]
        if with_need:
            total = result.need.respondents.get(row.code, 0)
            cited = result.need.cited.get(row.code, 0)
            line += ([total, cited] if total >= THRESHOLD else
                     [SECRET, SECRET] if total else ["", ""])
        rows.append(line)
    return header, rows


def _plan(gap_map: GapMap, result: GapResult) -> ImportPlan:
    group = gap_map.group
    if not DataHolder.objects.filter(name=group.name).exists():  # the plan names it
        DataHolder.objects.create(name=group.name, kind=HolderKind.GROUP)
    today = datetime.date.today()
    theme = result.theme_label
    specs = [VariableSpec("services_eligibles", slug="services_eligibles", unit="services",
                          kind="count", label=f"Services éligibles — {theme}"),
             VariableSpec("distance_km", slug="distance_km", unit="km", kind="index",
                          label=f"Distance au service le plus proche — {theme}")]
    if result.need.from_answers:
        specs += [VariableSpec("repondants", slug="repondants", unit="personnes",
                               kind="count", label="Personnes interrogées"),
                  VariableSpec("besoin", slug="besoin", unit="personnes", kind="count",
                               label=result.need.label[:300])]
    return ImportPlan(
        dataset_slug=dataset_slug(gap_map), level=gap_map.level, code_column="code",
        period=str(today.year), variables=specs, sensitivity=Sensitivity.GROUP,
        owner_group=group.slug, holder=group.name, vintage=str(today.year),
        title=f"Offre de services — {gap_map.title}"[:300],
        description=(f"Pour chaque zone, les services « {theme} » dont la zone "
                     "d'éligibilité la couvre et la distance au plus proche (carte des "
                     f"besoins sans réponse « {gap_map.title} », calculée le "
                     f"{today:%d/%m/%Y})."),
        method_notes=(f"Un service sans zone d'éligibilité compte pour les zones dont le centre "
                      f"est à moins de {result.table.reach_km:g} km. Distances géodésiques "
                      "depuis le centre de la zone (pondéré par la population des IRIS quand "
                      "elle est connue). Les zones de moins de "
                      f"{THRESHOLD} réponses sont marquées secrètes (s)."))


def _indicator(slug: str, fields: dict, formula: str, dataset: Dataset, user) -> Indicator:
    existing = Indicator.objects.filter(slug=slug).first()
    if existing is not None and existing.variables.exclude(dataset=dataset).exists():
        raise GapError(f"L'identifiant d'indicateur « {slug} » est déjà pris par un autre "
                       "indicateur : renommez la carte.")
    if existing is not None:
        return indicator_update(indicator=existing, user=user, formula=formula, **fields)
    return indicator_create(slug=slug, formula=formula, user=user, **fields)


def _indicators(gap_map: GapMap, result: GapResult, dataset: Dataset, user) -> dict:
    slugs, theme, ds = indicator_slugs(gap_map), result.theme_label, dataset.slug
    common = {"owner_group": gap_map.group}
    done = {
        "services": _indicator(slugs["services"], {
            **common, "label": f"Services éligibles — {theme}"[:200], "unit": "services",
            "kind": "count", "decimals": 0, "direction": Direction.HIGHER_IS_BETTER,
            "definition": (f"Services « {theme} » dont la zone d'éligibilité couvre la zone "
                           f"(carte « {gap_map.title} »).")},
            f"{ds}.services_eligibles", dataset, user),
        "distance": _indicator(slugs["distance"], {
            **common, "label": f"Distance au service le plus proche — {theme}"[:200],
            "unit": "km", "kind": "index", "decimals": 1,
            "direction": Direction.HIGHER_IS_WORSE,
            "definition": (f"Distance en km du centre de la zone au service « {theme} » le "
                           f"plus proche (carte « {gap_map.title} »).")},
            f"{ds}.distance_km", dataset, user),
        "need": None,
    }
    if result.need.from_answers:
        done["need"] = _indicator(slugs["need"], {
            **common, "label": result.need.label[:200], "unit": "%", "kind": "share",
            "decimals": 0, "direction": Direction.HIGHER_IS_WORSE,
            "definition": (f"{result.need.label} : part des personnes interrogées de la zone. "
                           f"Les zones de moins de {THRESHOLD} réponses n'ont pas de "
                           "valeur.")},
            f"part({ds}.besoin, {ds}.repondants)", dataset, user)
    return done


def publish(gap_map: GapMap, result: GapResult, *, user) -> GapPublication:
    """Import the offer per zone as a new version of the map's dataset, then its indicators;
    all or nothing. GapError (French) when refused."""
    header, rows = _rows(result)
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        existing = Dataset.objects.filter(slug=dataset_slug(gap_map)).first()
        if existing is not None and existing.owner_group_id != gap_map.group_id:
            raise GapError(f"Le jeu de données « {existing.slug} » existe déjà et appartient à "
                           "un autre groupe : renommez la carte.")
        path = Path(folder) / f"{dataset_slug(gap_map)}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, header, rows)
        try:
            version = dataset_import(path=path, plan=_plan(gap_map, result), user=user)
        except DataImportError as error:
            raise GapError(f"Publication refusée : {error}") from None
        try:
            made = _indicators(gap_map, result, version.dataset, user)
        except ValidationError as error:
            raise GapError("Indicateurs refusés : " + " ".join(error.messages)) from None
        gap_map.dataset = version.dataset
        gap_map.save(update_fields=["dataset", "updated_at"])
    return GapPublication(version.dataset, version.number, made["need"], made["services"],
                          made["distance"])


# ---- Links ------------------------------------------------------------------------------


def published(gap_map: GapMap) -> dict[str, Indicator | None]:
    """The map's indicators once published (by their slugs), None for those missing."""
    slugs = indicator_slugs(gap_map)
    found = {i.slug: i for i in Indicator.objects.filter(slug__in=slugs.values())}
    return {key: found.get(slug) for key, slug in slugs.items()}


def need_indicator_slug(gap_map: GapMap) -> str:
    """The need drawn on the atlas: the indicator itself, or the published share."""
    if (gap_map.need or {}).get("kind") == "indicator":
        return str(gap_map.need.get("indicator", ""))
    return indicator_slugs(gap_map)["need"]


def compare_url(gap_map: GapMap, offer: str = "distance") -> str:
    """The atlas comparison page: the need (map 1, x) against the offer (map 2, y)."""
    slugs = indicator_slugs(gap_map)
    maps = (MapChoice(need_indicator_slug(gap_map), gap_map.level, gap_map.within),
            MapChoice(slugs[offer], gap_map.level, gap_map.within))
    return f"{reverse('atlas:compare')}?{CompareParams(maps=maps).querystring()}"


# ---- Saving -----------------------------------------------------------------------------


def gap_map_create(*, group, title: str, spec: GapSpec, user, example: bool = False,
                   slug: str = "") -> tuple[GapMap, GapResult, GapPublication]:
    """Compute, save and publish a new gap map; all or nothing.

    PermissionDenied without the right (facilitators, stewards, admins of the group);
    GapError (French) when it cannot be computed or published.
    """
    if not can_make_gap_maps(user, group.pk):
        raise PermissionDenied(NO_RIGHT)
    title = " ".join((title or "").split())
    if not title:
        raise GapError("Donnez un titre à la carte.")
    result = gap_run(spec, user=user, group=group)
    with transaction.atomic():
        gap_map = GapMap.objects.create(
            slug=slug or slug_free(title, GapMap, fallback="carte", reserved=RESERVED),
            title=title[:200], group=group, theme=spec.theme, need=spec.need,
            level=spec.level, within=spec.within, example=example,
            created_by=user if user.pk else None)
        publication = publish(gap_map, result, user=user)
    return gap_map, result, publication


def gap_map_refresh(gap_map: GapMap, *, user) -> tuple[GapResult, GapPublication]:
    """Compute the map again with today's services and publish a new version."""
    if not can_make_gap_maps(user, gap_map.group_id):
        raise PermissionDenied(NO_RIGHT)
    result = gap_run(gap_spec(gap_map), user=user, group=gap_map.group)
    return result, publish(gap_map, result, user=user)
