"""Publish a run's profiles to the atlas: a catalogue dataset, then one indicator per profile.

The counts per zone go through the catalogue's ordinary import (`dataset_import`): a
temporary CSV and an `ImportPlan`, so that the publication is all or nothing, versioned
(republishing makes version n+1, earlier versions stay) and checked like any import. Each
profile then gets an indicator, the share of the zone's respondents in that profile, which
the atlas draws and a scenario shows like any other indicator. Who sees them follows the
dataset's sensitivity (indicators.queries: an indicator is visible to whoever sees all its
datasets), so a "group" publication stays inside the group.

Disclosure control: when the publication leaves the group (shared or open), every value of
a zone with fewer than THRESHOLD respondents is written as a statistical secret ("s"), so no
figure of a small zone is ever stored where others can read it. For the same reason a
dataset whose earlier versions hold small zones' figures (published for the group only)
is not opened wider: its history would show them.
"""

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from terreau.atlas.params import MapParams
from terreau.catalog.choices import HolderKind, MissingReason, Sensitivity
from terreau.catalog.models import DataHolder, Dataset, DatasetVersion
from terreau.catalog.queries import SeriesNotFound, series_for
from terreau.catalog.services import DataImportError, ImportPlan, VariableSpec, dataset_import
from terreau.core.exports import write_csv
from terreau.core.slugs import slug_bounded
from terreau.indicators.models import Indicator
from terreau.indicators.services import indicator_create, indicator_update
from terreau.surveys.followup import THRESHOLD
from terreau.surveys.models import Submission

from .models import Analysis, AnalysisRun, ProfileName
from .queries import can_analyse
from .zones import ProfileZones, profile_zones

PUBLISHABLE = (Sensitivity.GROUP, Sensitivity.SHARED, Sensitivity.OPEN)
LEAVES_GROUP = (Sensitivity.SHARED, Sensitivity.OPEN)
RESPONDENTS = "repondants"
SECRET = "s"
SLUG_MAX = 80
ANCESTORS = 4  # IRIS → commune → EPCI/département → région
NO_RIGHT = "Seule l'animation du groupe publie les profils dans l'atlas."


class PublishError(ValueError):
    """The publication is refused; nothing was written. The message is French."""


@dataclass(frozen=True)
class RunZones:
    """A run's respondents placed in the zones of one level, counted per profile."""

    run: AnalysisRun
    level: str
    counts: ProfileZones
    names: dict[str, str]  # zone code → zone name
    profile_names: dict[int, str]
    within: str = ""  # the `dans` of the atlas links (the campaign's, or the common parent)
    erased: int = 0  # answers of the run erased since: left out everywhere


@dataclass
class Publication:
    version: DatasetVersion
    indicators: list[Indicator]
    removed: list[str] = field(default_factory=list)  # labels of indicators of gone profiles
    secret_zones: int = 0
    within: str = ""  # the `dans` of its atlas links

    def atlas_links(self) -> list[tuple[Indicator, str]]:
        return [(i, atlas_url(i, self.dataset.level, self.within)) for i in self.indicators]

    @property
    def dataset(self) -> Dataset:
        return self.version.dataset


# ---- Names ------------------------------------------------------------------------------


def dataset_slug(analysis: Analysis) -> str:
    return slug_bounded(f"profils-{analysis.slug}")


def _indicator_prefix(analysis: Analysis) -> str:
    return slug_bounded(f"profils-{analysis.slug}", SLUG_MAX - 4)  # room for "-999"


def indicator_slug(analysis: Analysis, number: int) -> str:
    return f"{_indicator_prefix(analysis)}-{number}"


def _profile_pattern(analysis: Analysis) -> re.Pattern:
    return re.compile(re.escape(_indicator_prefix(analysis)) + r"-(\d+)$")


def profile_label(number: int, name: str = "") -> str:
    named = f" — {name}" if name else ""
    return f"Profil {number}{named} (part des personnes interrogées)"


def run_profile_names(run: AnalysisRun) -> dict[int, str]:
    return dict(ProfileName.objects.filter(run=run).values_list("number", "name"))


def profiles_count(run: AnalysisRun) -> int:
    results = run.results or {}
    return int(results.get("profiles_count") or len(results.get("profiles") or [])
               or max(results.get("partition") or [0]))


# ---- Counting ---------------------------------------------------------------------------


def submission_zone_paths(ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Per submission: its zone and the zone's ancestors, as (level, code, name), nearest first."""
    fields = ["pk"]
    for depth in range(ANCESTORS):
        prefix = "zone" + "__parent" * depth
        fields += [f"{prefix}__level", f"{prefix}__code", f"{prefix}__name"]
    paths = {}
    for row in Submission.objects.filter(pk__in=ids).values_list(*fields):
        steps = [tuple(row[i:i + 3]) for i in range(1, len(row), 3)]
        paths[row[0]] = [step for step in steps if step[1]]
    return paths


def _level(run: AnalysisRun, paths: dict) -> str:
    campaign = run.analysis.campaign
    if campaign is not None and campaign.zone_level:
        return campaign.zone_level
    levels = Counter(path[0][0] for path in paths.values() if path)
    if not levels:
        raise PublishError("Aucune des personnes classées n'a de zone : rien à montrer sur la "
                           "carte.")
    return levels.most_common(1)[0][0]


def run_zones(run: AnalysisRun) -> RunZones:
    """Count a finished run's profiles per zone of the publication's level.

    A respondent's zone finer than that level counts in its ancestor of the level (an IRIS in
    its commune); one without a zone, or with a coarser zone, is counted apart. Answers erased
    since the run are left out.
    """
    partition = (run.results or {}).get("partition") or []
    if not partition or len(partition) != len(run.submission_ids):
        raise PublishError("Cette exécution n'a pas de répartition des personnes en profils.")
    paths = submission_zone_paths(list(run.submission_ids))
    level = _level(run, paths)
    codes, kept, names, parents = [], [], {}, set()
    for sid, profile in zip(run.submission_ids, partition, strict=True):
        if sid not in paths:
            continue  # erased since the run
        found = next((i for i, step in enumerate(paths[sid]) if step[0] == level), None)
        code = paths[sid][found][1] if found is not None else None
        if code:
            names[code] = paths[sid][found][2]
            above = paths[sid][found + 1] if found + 1 < len(paths[sid]) else None
            parents.add(f"{above[0]}:{above[1]}" if above else "")
        codes.append(code)
        kept.append(profile)
    counts = profile_zones(codes, kept, profiles_count(run), threshold=THRESHOLD)
    campaign = run.analysis.campaign
    within = (campaign.within if campaign is not None and campaign.within
              else (parents.pop() if len(parents) == 1 else ""))
    return RunZones(run, level, counts, names, run_profile_names(run), within,
                    erased=len(run.submission_ids) - len(kept))


# ---- Publishing -------------------------------------------------------------------------


def _rows(zones: RunZones, secret: bool) -> list[list]:
    rows = []
    for zone in zones.counts.zones:
        values = [zone.respondents, *zone.counts]
        rows.append([zone.code, *([SECRET] * len(values) if secret and zone.hidden
                                  else values)])
    return rows


def _plan(analysis: Analysis, zones: RunZones, sensitivity: str) -> ImportPlan:
    group = analysis.questionnaire.group
    if not DataHolder.objects.filter(name=group.name).exists():  # the plan names it
        DataHolder.objects.create(name=group.name, kind=HolderKind.GROUP)
    run = zones.run
    when = run.finished_at or run.created_at
    specs = [VariableSpec(RESPONDENTS, slug=RESPONDENTS, unit="personnes", kind="count",
                          label="Personnes interrogées classées dans un profil")]
    for k in range(1, zones.counts.profiles + 1):
        name = zones.profile_names.get(k, "")
        specs.append(VariableSpec(f"profil_{k}", slug=f"profil_{k}", unit="personnes",
                                  kind="count", label=f"Profil {k}" + (f" — {name}" if name
                                                                         else "")))
    small = (f"Les zones de moins de {THRESHOLD} réponses sont marquées secrètes (s) : aucun "
             "de leurs chiffres ne sort du groupe." if sensitivity in LEAVES_GROUP else
             f"Données du groupe seulement : les zones de moins de {THRESHOLD} réponses y "
             "figurent en clair.")
    return ImportPlan(
        dataset_slug=dataset_slug(analysis), level=zones.level, code_column="code",
        period=str(when.year), variables=specs, sensitivity=sensitivity,
        owner_group=group.slug, holder=group.name, vintage=str(when.year),
        title=f"Profils de besoins — {analysis.title}"[:300],
        description=(f"Nombre de personnes interrogées de chaque profil par zone, "
                     f"questionnaire « {analysis.questionnaire.title} », analyse "
                     f"« {analysis.title} », exécution {run.number} "
                     f"({run.respondents or len(run.submission_ids)} personnes)."),
        method_notes=("Profils trouvés par analyse des correspondances multiples puis "
                      "classification (Terreau, analyses). Seules les réponses complètes "
                      f"comptent ; les personnes sans zone ne sont pas sur la carte. {small}"))


def _check_target(analysis: Analysis, sensitivity: str) -> Dataset | None:
    """The existing dataset of the analysis, after checking that it may take this version."""
    existing = Dataset.objects.filter(slug=dataset_slug(analysis)).first()
    if existing is None:
        return None
    ours = (analysis.dataset_id == existing.pk
            or existing.owner_group_id == analysis.questionnaire.group_id)
    if not ours:
        raise PublishError(f"Le jeu de données « {existing.slug} » existe déjà et appartient "
                           "à un autre groupe : renommez l'analyse.")
    if sensitivity in LEAVES_GROUP and _history_shows_small_zones(existing):
        raise PublishError(
            "Ces profils ont déjà été publiés pour le groupe seul, avec les zones de moins de "
            f"{THRESHOLD} réponses en clair : les ouvrir maintenant montrerait ces chiffres "
            "dans les anciennes versions. Gardez la sensibilité « groupe », ou créez une "
            "nouvelle analyse (copie de celle-ci) et publiez-la directement en « partagée » "
            "ou « ouverte ».")
    return existing


def _history_shows_small_zones(dataset: Dataset) -> bool:
    """Whether a stored version has a zone under the threshold with its figures in clear."""
    variable = dataset.variables.filter(slug=RESPONDENTS).first()
    if variable is None:
        return False
    for version in dataset.versions.all():
        try:
            _, values, reasons = series_for(variable, version=version)
        except SeriesNotFound:
            continue
        if ((reasons == MissingReason.VALUE) & (values < THRESHOLD)).any():
            return True
    return False


def _indicators(analysis: Analysis, zones: RunZones, dataset: Dataset,
                user) -> tuple[list[Indicator], list[str]]:
    """Create or update one indicator per profile; delete those of profiles gone."""
    group = analysis.questionnaire.group
    done = []
    for k in range(1, zones.counts.profiles + 1):
        slug = indicator_slug(analysis, k)
        fields = {
            "label": profile_label(k, zones.profile_names.get(k, "")), "unit": "%",
            "kind": "share", "decimals": 0, "direction": "neutral", "owner_group": group,
            "definition": (f"Part des personnes interrogées de la zone classées dans le profil "
                           f"{k} de l'analyse « {analysis.title} » (questionnaire "
                           f"« {analysis.questionnaire.title} »). Hors du groupe, les zones de "
                           f"moins de {THRESHOLD} réponses n'ont pas de valeur.")}
        formula = f"part({dataset.slug}.profil_{k}, {dataset.slug}.{RESPONDENTS})"
        existing = Indicator.objects.filter(slug=slug).first()
        if existing is not None and existing.variables.exclude(dataset=dataset).exists():
            raise PublishError(f"L'identifiant d'indicateur « {slug} » est déjà pris par un "
                               "autre indicateur : renommez l'analyse.")
        if existing is not None:
            done.append(indicator_update(indicator=existing, user=user, formula=formula,
                                         **fields))
        else:
            done.append(indicator_create(slug=slug, formula=formula, user=user, **fields))
    pattern = _profile_pattern(analysis)
    removed = []
    for indicator in Indicator.objects.filter(variables__dataset=dataset).distinct():
        match = pattern.match(indicator.slug)
        if match and int(match.group(1)) > zones.counts.profiles:
            removed.append(indicator.label)
            indicator.delete()  # its profile no longer exists; scenario steps say so
    return done, removed


def publish(*, analysis: Analysis, user, sensitivity: str = Sensitivity.GROUP,
            run: AnalysisRun | None = None) -> Publication:
    """Publish the latest finished run (or `run`) of `analysis`; all or nothing.

    Raise PermissionDenied without `can_analyse`, PublishError (French) when it cannot be done.
    """
    if not can_analyse(user, analysis.group_id):
        raise PermissionDenied(NO_RIGHT)
    if sensitivity not in PUBLISHABLE:
        raise PublishError(f"Sensibilité « {sensitivity} » impossible ici : groupe, partagée "
                           "ou ouverte.")
    run = run or analysis.latest_done_run()
    if run is None:
        raise PublishError("Aucune exécution terminée : lancez l'analyse d'abord.")
    zones = run_zones(run)
    if not zones.counts.zones:
        raise PublishError("Aucune des personnes classées n'a de zone de niveau "
                           f"« {zones.level} » : rien à montrer sur la carte.")
    secret = sensitivity in LEAVES_GROUP
    header = ["code", RESPONDENTS, *(f"profil_{k}" for k in range(1, zones.counts.profiles
                                                                    + 1))]
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        _check_target(analysis, sensitivity)
        path = Path(folder) / f"{dataset_slug(analysis)}-execution-{run.number}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, header, _rows(zones, secret))
        try:
            version = dataset_import(path=path, plan=_plan(analysis, zones, sensitivity),
                                     user=user)
        except DataImportError as error:
            raise PublishError(f"Publication refusée : {error}") from None
        try:
            indicators, removed = _indicators(analysis, zones, version.dataset, user)
        except ValidationError as error:
            raise PublishError("Indicateurs refusés : " + " ".join(error.messages)) from None
        analysis.dataset = version.dataset
        analysis.save(update_fields=["dataset"])
    return Publication(version, indicators, removed,
                       zones.counts.hidden_zones if secret else 0, zones.within)


# ---- Links ------------------------------------------------------------------------------


def atlas_url(indicator: Indicator, level: str, within: str = "") -> str:
    """The atlas permalink of an indicator's map, as the atlas itself writes it."""
    params = MapParams(indicator=indicator.slug, level=level, within=within)
    return f"{reverse('atlas:explorer')}?{params.querystring()}"


def published_indicators(analysis: Analysis) -> list[Indicator]:
    """The profile indicators of the analysis's dataset, in profile order."""
    if analysis.dataset_id is None:
        return []
    pattern = _profile_pattern(analysis)
    found = [(int(m.group(1)), i) for i in Indicator.objects.filter(
        variables__dataset_id=analysis.dataset_id).distinct()
        if (m := pattern.match(i.slug))]
    return [indicator for _, indicator in sorted(found, key=lambda pair: pair[0])]
