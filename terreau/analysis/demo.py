"""The demo's health questionnaire of the Vierzon group, its fictitious answers, one analysis.

Issue 7, "Demo": a territoire vécu of the group, "Vierzon et communes voisines (exemple)"
(Vierzon and the communes that share a border with it, real contours), a questionnaire on
access to care ("Santé et accès aux soins — Vierzon (exemple fictif)"), a campaign on the
communes of that territory, RESPONDENTS answers drawn by the seeded generator of
demo_answers.py (no real person answered: titles, descriptions, the campaign's consent texts
and each answer's consent record say so), and a saved analysis of them, run once with its
stability check and published to the atlas for the group, so that the pages of profiles,
maps and tabulations have something to show. Communes, not IRIS: offline the IRIS have no
contours, and the profiles could not be drawn.

The answers go through `submission_create`, as the form's do, so that they are valid
answers of the questionnaire. Loading twice never duplicates: each part is created only when
missing, and a re-run leaves the questionnaire, the answers and the analysis as the group
changed them.
"""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import GroupTerritory, TerritorialGroup
from terreau.accounts.services import group_territory_create
from terreau.catalog.choices import Sensitivity
from terreau.surveys.definition import FORMAT
from terreau.surveys.demo import _choices, _question, _section
from terreau.surveys.models import Campaign, Questionnaire, Submission
from terreau.surveys.services import questionnaire_create
from terreau.surveys.submissions import campaign_zones, submission_create
from terreau.territory.choices import Level
from terreau.territory.models import Zone

from .choices import RunStatus
from .demo_answers import FIRST_DAY, LAST_DAY, fictitious_answers
from .models import Analysis, AnalysisRun
from .publish import PublishError, dataset_slug, publish
from .services import analysis_create, run_execute

SLUG = "sante-vierzon"
CAMPAIGN = "sante-vierzon-2026"
ANALYSIS = "profils-sante-vierzon"
GROUP = "vierzon-sante"
AUTHOR = "animateur"
COMMUNE = "18279"
# Vierzon and the communes that share a border with it, computed once with shapely from the
# real contours of ../shared/data/geo/communes-centre-val-de-loire.geojson (IGN ADMIN
# EXPRESS COG 2018): seven in the Cher and two across the border of the Loir-et-Cher, north
# of Vierzon. Hard-coded so that the demo never depends on a geometry computation.
NEIGHBOURHOOD = {
    "18279": "Vierzon", "18036": "Brinay", "18096": "Foëcy", "18148": "Méreau",
    "18150": "Méry-sur-Cher", "18214": "Saint-Hilaire-de-Court", "18219": "Saint-Laurent",
    "18281": "Vignoux-sur-Barangeon", "41168": "Orçay", "41256": "Theillay",
}
TERRITORY = "Vierzon et communes voisines (exemple)"
KEY_PREFIX = "demo-sante-vierzon-"
FICTITIOUS = ("Exemple fictif : aucune personne réelle n'a répondu. Les réponses ont été "
              "inventées par le générateur de la démonstration de Terreau "
              "(terreau/analysis/demo_answers.py).")

DEFINITION = {
    "format": FORMAT,
    "title": "Santé et accès aux soins — Vierzon (exemple fictif)",
    "form_id": "sante_vierzon",
    "version": "1",
    "languages": ["fr"],
    "default_language": "fr",
    "settings": {},
    "choice_lists": {
        "oui_non": _choices(("oui", "Oui"), ("non", "Non")),
        "age": _choices(("18_29", "18 à 29 ans"), ("30_44", "30 à 44 ans"),
                        ("45_59", "45 à 59 ans"), ("60_74", "60 à 74 ans"),
                        ("75_plus", "75 ans et plus")),
        "activite": _choices(("emploi", "En emploi"), ("recherche", "En recherche d'emploi"),
                             ("retraite", "À la retraite"),
                             ("autre", "Autre (études, au foyer, invalidité…)")),
        "renoncement": _choices(("non", "Non"), ("cout", "Oui, à cause du coût"),
                                ("delai", "Oui, faute de rendez-vous ou de médecin"),
                                ("distance", "Oui, c'était trop loin ou sans moyen d'y aller")),
        "mutuelle": _choices(("oui", "Oui"), ("css", "Oui, la Complémentaire santé solidaire"),
                             ("non", "Non")),
        "demarches": _choices(("seul", "Oui, seul·e"), ("aide", "Avec de l'aide"),
                              ("non", "Non")),
        "besoins": _choices(("medecin", "Trouver un médecin"),
                            ("transport", "Transport vers les soins"),
                            ("demarches", "Aide aux démarches"),
                            ("sante_mentale", "Santé mentale, soutien psychologique"),
                            ("prevention", "Prévention, dépistage"),
                            ("garde", "Garde d'enfants pendant les rendez-vous"),
                            ("aucun", "Aucun de ces besoins")),
    },
    "children": [
        _section("situation", "Votre situation", [
            _question("zone", "commune", "Dans quelle commune habitez-vous ?",
                      required=True),
            _question("select_one", "age", "Votre âge", choice_list="age", required=True),
            _question("select_one", "seul", "Vivez-vous seul·e ?", choice_list="oui_non"),
            _question("select_one", "enfants",
                      "Avez-vous des enfants de moins de 12 ans à la maison ?",
                      choice_list="oui_non"),
            _question("select_one", "activite", "Votre situation", choice_list="activite"),
            _question("select_one", "voiture", "Avez-vous une voiture ?",
                      choice_list="oui_non"),
        ]),
        _section("soins", "Vos soins", [
            _question("select_one", "medecin", "Avez-vous un médecin traitant ?",
                      choice_list="oui_non"),
            _question("select_one", "renoncement",
                      "Ces 12 derniers mois, avez-vous renoncé à des soins ?",
                      choice_list="renoncement"),
            _question("select_one", "mutuelle",
                      "Avez-vous une complémentaire santé (mutuelle) ?", choice_list="mutuelle"),
            _question("select_one", "demarches",
                      "Faites-vous vos démarches de santé en ligne (Ameli, rendez-vous) ?",
                      choice_list="demarches"),
        ]),
        _section("besoins_section", "Vos besoins", [
            _question("select_multiple", "besoins",
                      "Pour quoi auriez-vous besoin d'aide pour vous soigner ?",
                      choice_list="besoins", hint={"fr": "Plusieurs réponses possibles."}),
            _question("text", "autre", "Autre chose à nous dire sur vos soins, dans vos mots ?"),
        ]),
    ],
}

ACTIVE = ["age", "seul", "enfants", "voiture", "medecin", "renoncement", "mutuelle",
          "demarches", *[f"besoins/{need}" for need in ("medecin", "transport", "demarches",
                                                         "sante_mentale", "prevention",
                                                         "garde", "aucun")]]
SUPPLEMENTARY = ["activite", "zone"]
# The generator draws from four latent profiles; the inertia gains propose three (two of
# them, the working people and the well-followed, are close), so the demo asks for four:
# the page shows the proposal and the group may change it.
PROFILES = 4
STABILITY = 30  # resamples of the stability check: enough to show it, a few seconds


def demo_analysis_load() -> str:
    """Create what is missing of the Vierzon health demo; return a French line."""
    group = TerritorialGroup.objects.filter(slug=GROUP).first()
    author = get_user_model().objects.filter(username=AUTHOR).first()
    if group is None or author is None:
        return "Questionnaire santé de Vierzon non créé : groupe ou compte de démonstration absent."
    communes = dict(Zone.objects.filter(level=Level.COMMUNE, code__in=NEIGHBOURHOOD)
                    .values_list("code", "pk"))
    if COMMUNE not in communes:
        return "Questionnaire santé de Vierzon non créé : la commune de Vierzon est absente."
    with transaction.atomic():
        questionnaire = _questionnaire(group, author)
        campaign = _campaign(questionnaire, group, author, communes)
        created = _answers(campaign, author)
        analysis, ran = _analysis(questionnaire, campaign, author)
        published = _publish(analysis, author)
    parts = [f"Questionnaire santé de Vierzon « {SLUG} » (exemple fictif) : "
             f"{created} réponse(s) fictive(s) créée(s)"]
    if ran is not None:
        count = ran.results.get("profiles_count") if ran.status == RunStatus.DONE else None
        parts.append(f"analyse « {analysis.slug} » calculée"
                     + (f" ({count} profils)" if count else f" (échec : {ran.error})"))
    else:
        parts.append(f"analyse « {analysis.slug} » déjà présente")
    if published:
        parts.append(published)
    return " ; ".join(parts) + "."


def _territory(group, author, communes: dict[str, int]) -> GroupTerritory:
    """The group's example territory (found by its name, else drawn from the communes)."""
    existing = GroupTerritory.objects.filter(group=group, name=TERRITORY).first()
    if existing is not None:
        return existing
    return group_territory_create(
        group=group, name=TERRITORY, zone_ids=list(communes.values()), user=author,
        description="Exemple de territoire vécu : Vierzon et les communes qui la touchent "
                    "(contours officiels), le terrain de l'enquête santé fictive de la "
                    "démonstration.")


def _questionnaire(group, author) -> Questionnaire:
    existing = Questionnaire.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    return questionnaire_create(
        group=group, definition=DEFINITION, user=author, slug=SLUG,
        source_name="démonstration (exemple fictif)",
        description="Questionnaire d'exemple sur l'accès aux soins à Vierzon et dans les "
                    "communes voisines. " + FICTITIOUS)


def _campaign(questionnaire, group, author, communes: dict[str, int]) -> Campaign:
    """The campaign, on the communes of the group's example territory (drawn if missing)."""
    existing = Campaign.objects.filter(slug=CAMPAIGN).first()
    if existing is not None:
        return existing
    territory = _territory(group, author, communes)
    campaign = Campaign.objects.create(
        questionnaire=questionnaire, slug=CAMPAIGN,
        title="Accès aux soins 2026 (exemple fictif)", starts_on=FIRST_DAY, ends_on=LAST_DAY,
        within=territory.within_param, zone_level=Level.COMMUNE,
        collected_by=f"Le groupe « {group.name} » — exemple fictif de la démonstration",
        purpose="Exemple fictif pour découvrir Terreau : mieux connaître les difficultés "
                "d'accès aux soins des habitants de Vierzon et des communes voisines. "
                + FICTITIOUS,
        contact="Exemple fictif : personne à contacter.", created_by=author)
    campaign.collectors.add(author)
    return campaign


def _answers(campaign: Campaign, author) -> int:
    """Store the generated answers once (a campaign that has answers is left as it is).

    They live in the campaign's communes as they are now (the group may have changed its
    territory), about 60 % of them in Vierzon.
    """
    if Submission.objects.filter(campaign=campaign).exists():
        return 0
    zones = list(campaign_zones(campaign).values_list("code", flat=True))
    version = campaign.questionnaire.latest_version()
    stored = []
    for i, drawn in enumerate(fictitious_answers(zones, centre=COMMUNE), start=1):
        at = timezone.make_aware(datetime.datetime.combine(drawn.day, datetime.time(10)))
        submission, _ = submission_create(
            campaign=campaign, version=version, raw_answers=drawn.answers,
            consent={"accepte": True, "affiche_le": at.isoformat()},
            receipt_code=secrets.token_hex(6).upper(),  # nobody holds it
            idempotency_key=f"{KEY_PREFIX}{i:04d}", collected_at=at, collector=author)
        submission.consent["exemple_fictif"] = FICTITIOUS
        stored.append(submission)
    Submission.objects.bulk_update(stored, ["consent"])
    return len(stored)


def _analysis(questionnaire, campaign, author) -> tuple[Analysis, AnalysisRun | None]:
    """The saved analysis, run once when created (its run is computed here, not queued)."""
    existing = Analysis.objects.filter(slug=ANALYSIS).first()
    if existing is not None:
        return existing, None
    analysis = analysis_create(
        questionnaire=questionnaire, campaign=campaign, user=author, slug=ANALYSIS,
        title="Profils d'accès aux soins — Vierzon (exemple fictif)",
        description="Analyse d'exemple sur des réponses fictives. " + FICTITIOUS,
        parameters={"active": ACTIVE, "supplementary": SUPPLEMENTARY, "profiles": PROFILES,
                    "stability": STABILITY})
    run = AnalysisRun.objects.create(analysis=analysis, number=1,
                                     parameters=analysis.parameters, created_by=author)
    return analysis, run_execute(run)


def _publish(analysis: Analysis, author) -> str:
    """Publish the profiles to the atlas for the group, once; a French clause, or ""."""
    if analysis.dataset_id is not None or analysis.latest_done_run() is None:
        return ""
    try:
        publish(analysis=analysis, user=author, sensitivity=Sensitivity.GROUP)
    except (PublishError, PermissionDenied) as error:
        return f"profils non publiés dans l'atlas : {error}"
    return (f"profils publiés dans l'atlas pour le groupe (jeu de données "
            f"« {dataset_slug(analysis)} »)")
