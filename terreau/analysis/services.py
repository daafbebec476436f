"""Use cases of saved analyses (profiles of needs): create, change, delete, run, name profiles.

Permissions are checked by the callers (queries.can_analyse); errors are AnalysisError with a
French sentence naming the field at fault, and nothing changes then. A run is created
pending and executed by a background task (tasks.py): `run_execute` does the work, so the
task, the demo and the tests share it. Each run keeps the questionnaire version, the answers
used (their ids, in row order), their digest and the full results, so that it can be read
again as it was and compared with the next one (compare.py).
"""

import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from terreau.core.slugs import slug_free

from .answers import AnswerFilters, answers_table
from .choices import RunStatus
from .compare import profiles_match
from .models import Analysis, AnalysisRun, ProfileName
from .profiles import PARAMETER_DEFAULTS, ProfilesError, profiles_run
from .table import ZONE

logger = logging.getLogger(__name__)

# Fixed words of /analyses/… addresses: never an analysis's slug.
RESERVED_SLUGS = frozenset({"nouvelle", "tableaux", "codage", "cartes", "carte", "api"})
NCP_RANGE = (1, 10)
PROFILES_RANGE = (2, 12)
STABILITY_MAX = 200
KK_MIN = 10
NAME_MAX = 120
UNEXPECTED_ERROR = ("Erreur inattendue pendant le calcul ; rien n'a été enregistré. "
                    "Signalez-la à la personne qui administre Terreau.")


class AnalysisError(ValueError):
    """A change refused; `str(error)` is a French sentence saying why."""


def analysis_slug(text: str) -> str:
    return slug_free(text, Analysis, fallback="analyse", reserved=RESERVED_SLUGS)


def _integer(value, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise AnalysisError(f"{field} : un nombre entier est attendu.") from None
    if isinstance(value, bool) or not low <= number <= high:
        raise AnalysisError(f"{field} : un nombre de {low} à {high} est attendu.")
    return number


def _kk(value):
    if value in ("auto", None):
        return value
    return _integer(value, "Pré-regroupement (kk)", KK_MIN, 100_000)


def parameters_clean(parameters: dict, known_keys) -> dict:
    """The parameters with their defaults, checked against the table's variable keys."""
    clean = {**PARAMETER_DEFAULTS, **{k: v for k, v in parameters.items() if k != "filters"}}
    known = set(known_keys)
    active = [str(k) for k in clean.get("active") or []]
    supplementary = [str(k) for k in clean.get("supplementary") or []]
    unknown = [k for k in [*active, *supplementary] if k not in known]
    if unknown:
        raise AnalysisError(f"Questions inconnues dans ce questionnaire : {', '.join(unknown)}.")
    if len(set(active)) < 2:
        raise AnalysisError("Questions actives : choisissez-en au moins deux.")
    both = sorted(set(active) & set(supplementary))
    if both:
        raise AnalysisError("Une question ne peut pas être à la fois active et "
                            f"supplémentaire : {', '.join(both)}.")
    profiles = clean.get("profiles")
    if profiles not in (None, "", "auto"):
        profiles = _integer(profiles, "Nombre de profils", *PROFILES_RANGE)
    else:
        profiles = None
    if clean.get("rare") not in ("group", "keep"):
        raise AnalysisError("Réponses rares : « regrouper » ou « garder » est attendu.")
    result = {
        "active": list(dict.fromkeys(active)),
        "supplementary": list(dict.fromkeys(supplementary)),
        "ncp": _integer(clean.get("ncp"), "Nombre d'axes", *NCP_RANGE),
        "profiles": profiles,
        "consolidation": bool(clean.get("consolidation")),
        "kk": _kk(clean.get("kk")),
        "rare": clean["rare"],
        "stability": _integer(clean.get("stability"), "Rééchantillonnages de stabilité",
                              0, STABILITY_MAX),
    }
    filters = parameters.get("filters")
    if filters:
        result["filters"] = filters
    return result


def suggested_parameters(variables: dict) -> dict:
    """What a new analysis proposes: the closed questions shape the profiles, the zone and
    the codes of open answers describe them; rare answers grouped; a stability check."""
    describing = {key for key, variable in variables.items()
                  if variable.kind == "zone" or "/code-" in key}
    return {**PARAMETER_DEFAULTS, "rare": "group", "stability": 30,
            "active": [key for key in variables if key not in describing],
            "supplementary": [key for key in variables if key in describing]}


def answer_filters(analysis: Analysis, parameters: dict | None = None) -> AnswerFilters:
    """The answers an analysis reads: its saved filters, narrowed to its campaign if any."""
    params = analysis.parameters if parameters is None else parameters
    data = dict(params.get("filters") or {})
    if analysis.campaign_id:
        data["campaign_id"] = analysis.campaign_id
    return AnswerFilters.from_dict(data)


def known_variables(questionnaire) -> set[str]:
    """The variable keys an analysis of the questionnaire may use: the columns of its
    answers (answers_table), and the zone even before any answer has one."""
    return {*answers_table(questionnaire).table.variables, ZONE}


def _title(title: str) -> str:
    title = " ".join((title or "").split())[:200]
    if not title:
        raise AnalysisError("Titre : donnez un titre à l'analyse.")
    return title


def _campaign_check(questionnaire, campaign) -> None:
    if campaign is not None and campaign.questionnaire_id != questionnaire.pk:
        raise AnalysisError("Campagne : elle n'est pas une campagne de ce questionnaire.")


def analysis_create(*, questionnaire, title: str, parameters: dict, user, campaign=None,
                    slug: str | None = None, description: str = "") -> Analysis:
    title = _title(title)
    _campaign_check(questionnaire, campaign)
    clean = parameters_clean(parameters, known_variables(questionnaire))
    if slug:
        if slug in RESERVED_SLUGS or Analysis.objects.filter(slug=slug).exists():
            raise AnalysisError(f"Identifiant : « {slug} » est déjà pris.")
    return Analysis.objects.create(
        slug=slug or analysis_slug(title), title=title, description=description or "",
        questionnaire=questionnaire, campaign=campaign, parameters=clean, created_by=user)


def analysis_update(*, analysis: Analysis, user, **fields) -> Analysis:
    """Change the title, notes, campaign or parameters (checked as at creation)."""
    allowed = {"title", "description", "campaign", "parameters"}
    unknown = set(fields) - allowed
    if unknown:
        raise AnalysisError(f"Champ non modifiable : {', '.join(sorted(unknown))}.")
    title = _title(fields.get("title", analysis.title))
    campaign = fields.get("campaign", analysis.campaign)
    _campaign_check(analysis.questionnaire, campaign)
    parameters = fields.get("parameters", analysis.parameters)
    clean = parameters_clean(parameters, known_variables(analysis.questionnaire))
    analysis.title, analysis.campaign, analysis.parameters = title, campaign, clean
    analysis.description = fields.get("description", analysis.description) or ""
    analysis.save()
    return analysis


def analysis_delete(*, analysis: Analysis, user) -> None:
    """Delete the analysis with its runs and names (the answers stay)."""
    analysis.delete()


def run_start(*, analysis: Analysis, user, parameters: dict | None = None) -> AnalysisRun:
    """A pending run with the analysis's parameters updated by `parameters`, then enqueued.

    The updated parameters become the analysis's own (the next run starts from them).
    """
    from .tasks import run_analysis  # tasks imports this module

    merged = {**analysis.parameters, **(parameters or {})}
    if parameters:
        clean = parameters_clean(merged, known_variables(analysis.questionnaire))
        analysis.parameters = clean
        analysis.save(update_fields=["parameters", "updated_at"])
    with transaction.atomic():
        Analysis.objects.select_for_update().filter(pk=analysis.pk).first()
        last = analysis.runs.aggregate(n=Max("number"))["n"] or 0
        run = AnalysisRun.objects.create(
            analysis=analysis, number=last + 1, parameters=analysis.parameters,
            created_by=user, label="En attente du calcul en arrière-plan")
    run_analysis.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _progress_writer(run: AnalysisRun, outer):
    def progress(percent: int, label: str) -> None:
        percent = max(0, min(99, int(percent)))
        AnalysisRun.objects.filter(pk=run.pk).update(progress=percent, label=label[:200])
        run.progress, run.label = percent, label[:200]
        if outer is not None:
            outer(percent, label)
    return progress


def _finish(run: AnalysisRun, **fields) -> AnalysisRun:
    for name, value in fields.items():
        setattr(run, name, value)
    run.finished_at = timezone.now()
    run.save()
    return run


def run_execute(run: AnalysisRun, progress=None) -> AnalysisRun:
    """Read the answers, compute the profiles, store everything (synchronously)."""
    analysis = run.analysis
    params = {**PARAMETER_DEFAULTS, **run.parameters}
    run.status, run.progress, run.error = RunStatus.RUNNING, 0, ""
    run.label = "Lecture des réponses"
    run.save(update_fields=["status", "progress", "label", "error"])
    write = _progress_writer(run, progress)
    # A fixed seed: the same answers and parameters give the same profiles (reproducible).
    try:
        loaded = answers_table(analysis.questionnaire, answer_filters(analysis, run.parameters))
        results = profiles_run(
            loaded.table, active=params["active"], supplementary=params["supplementary"],
            ncp=params["ncp"], profiles=params["profiles"],
            consolidation=params["consolidation"], kk=params["kk"], rare=params["rare"],
            stability=params["stability"], random_state=0, progress=write)
    except ProfilesError as error:
        return _finish(run, status=RunStatus.FAILED, error=str(error), label="Échec")
    except Exception:
        logger.exception("run %s of analysis %s", run.number, analysis.slug)
        _finish(run, status=RunStatus.FAILED, error=UNEXPECTED_ERROR, label="Échec")
        raise
    _finish(run, status=RunStatus.DONE, progress=100, label="Terminée", results=results,
            submission_ids=loaded.ids, answers_digest=loaded.digest,
            version_id=loaded.version_id, respondents=results.get("respondents", len(loaded.ids)))
    names_carry_over(run)
    return run


def previous_done_run(run: AnalysisRun) -> AnalysisRun | None:
    return (run.analysis.runs.filter(status=RunStatus.DONE, number__lt=run.number)
            .order_by("-number").first())


def names_carry_over(run: AnalysisRun) -> dict[int, str]:
    """Give the new profiles the names of the previous done run's matching profiles."""
    previous = previous_done_run(run)
    if previous is None:
        return {}
    names = {n.number: n for n in previous.names.all()}
    carried = {}
    for new, old in profiles_match(previous, run).items():
        if old in names:
            ProfileName.objects.update_or_create(
                run=run, number=new,
                defaults={"name": names[old].name, "named_by": names[old].named_by})
            carried[new] = names[old].name
    return carried


def profile_name_set(*, run: AnalysisRun, number: int, name: str, user) -> ProfileName | None:
    """Name profile `number` of a done run; an empty name removes the name."""
    if run.status != RunStatus.DONE:
        raise AnalysisError("Seuls les profils d'une exécution terminée se nomment.")
    count = run.results.get("profiles_count") or len(run.results.get("profiles", []))
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= count:
        raise AnalysisError(f"Profil : il n'y a pas de profil {number} dans cette exécution.")
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX:
        raise AnalysisError(f"Nom : {NAME_MAX} caractères au plus.")
    if not name:
        ProfileName.objects.filter(run=run, number=number).delete()
        return None
    profile, _ = ProfileName.objects.update_or_create(
        run=run, number=number, defaults={"name": name, "named_by": user})
    return profile


def profile_names(run: AnalysisRun) -> dict[int, str]:
    return dict(run.names.values_list("number", "name"))
