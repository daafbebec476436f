"""The yearly self-evaluation of a group, built with the survey tools.

Each group has one ready questionnaire (created the first time it starts a self-evaluation)
and, per project year, one campaign of it. The group's members answer through the surveys'
own form (consent page first): starting the self-evaluation makes them the campaign's
collectors. The summary only ever gives counts per answer; the page shows shares and the
"what to improve" texts from MIN_ANSWERS answers, so that nobody's answer can be guessed.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.surveys import definition as defn
from terreau.surveys.models import Campaign, Questionnaire, Submission
from terreau.surveys.services import SurveyError, questionnaire_create, survey_slug

from .models import SelfEvaluation
from .queries import project_years

MIN_ANSWERS = 3  # below this, shares and open answers would point at who answered
LATE_START_DAYS = 90  # a year's self-evaluation started after the year ends stays open this long
IMPROVE = "a_ameliorer"
NO_ANSWER = "Sans réponse"

AGREEMENT = (("tout_a_fait", "Oui, tout à fait"), ("plutot_oui", "Plutôt oui"),
             ("plutot_non", "Plutôt non"), ("pas_du_tout", "Non, pas du tout"),
             ("ne_sait_pas", "Je ne sais pas"))

# (name, question) of the closed questions, all answered on the AGREEMENT scale.
CLOSED_QUESTIONS = (
    ("engagement", "Les membres du groupe se sont-ils vraiment engagés dans le travail cette "
                   "année ?"),
    ("assiduite", "Les séances ont-elles réuni assez de monde, assez régulièrement ?"),
    ("diversite", "Les participants représentaient-ils bien la diversité du territoire "
                  "(âges, quartiers, structures, habitants et professionnels) ?"),
    ("habitants", "Les habitants ont-ils eu une vraie place dans le travail du groupe ?"),
    ("ecoute", "Les idées de chacun ont-elles été écoutées et prises en compte ?"),
    ("contributions", "Les travaux du groupe (diagnostic, scénarios, actions) vous "
                      "semblent-ils de bonne qualité ?"),
    ("cartes", "Les cartes et les données de Terreau vous ont-elles été utiles pour "
               "comprendre le territoire et décider ?"),
)


class SelfEvaluationError(ValueError):
    """A self-evaluation refused; `str(error)` is a French sentence saying why."""


def _node(kind: str, name: str, text: str, **fields) -> dict:
    node = {"type": kind, "name": name, "label": {"fr": text}, "hint": {}, "required": False,
            "required_message": {}, "relevant": "", "constraint": "",
            "constraint_message": {}, "choice_list": "", "appearance": "", "default": "",
            "calculation": "", "choice_filter": "", "read_only": False, "extra": {}}
    node.update(fields)
    return node


def questionnaire_definition() -> dict:
    """The ready questionnaire, in the surveys app's definition format."""
    closed = [_node("select_one", name, text, choice_list="accord", required=True)
              for name, text in CLOSED_QUESTIONS]
    return {
        "format": defn.FORMAT,
        "title": "Auto-évaluation annuelle du groupe",
        "form_id": "auto_evaluation",
        "version": "1",
        "languages": ["fr"],
        "default_language": "fr",
        "settings": {},
        "choice_lists": {"accord": [{"name": name, "label": {"fr": text}, "extra": {}}
                                    for name, text in AGREEMENT]},
        "children": [
            _node("note", "intro", "Une fois par an, le groupe fait le point sur son "
                                   "fonctionnement. Répondez selon votre ressenti : le "
                                   "résumé ne montre que des nombres de réponses."),
            *closed,
            _node("text", IMPROVE, "Que faudrait-il améliorer l'an prochain ?",
                  hint={"fr": "Dans vos mots, en quelques lignes."}),
        ],
    }


def _questionnaire(group: TerritorialGroup, by) -> Questionnaire:
    existing = (SelfEvaluation.objects.filter(group=group).select_related("campaign")
                .order_by("year").first())
    if existing is not None:
        return existing.campaign.questionnaire
    return questionnaire_create(
        group=group, definition=questionnaire_definition(), user=by,
        title=f"Auto-évaluation — {group.name}",
        slug=survey_slug(f"auto-evaluation-{group.slug}"),
        description="Questionnaire prêt à l'emploi de l'auto-évaluation annuelle du groupe.")


def campaign_dates(group: TerritorialGroup, year: int, today: date) -> tuple[date, date]:
    """The project year's bounds; a year already over stays open LATE_START_DAYS from today."""
    first, last = project_years(group).bounds(year)
    return first, max(last, today + timedelta(days=LATE_START_DAYS))


def members_as_collectors(self_evaluation: SelfEvaluation) -> None:
    """Every member of the group may answer (the surveys' form is for collectors)."""
    users = Membership.objects.filter(group=self_evaluation.group).values_list("user", flat=True)
    self_evaluation.campaign.collectors.add(*users)


@transaction.atomic
def selfeval_start(*, group: TerritorialGroup, year: int, by) -> SelfEvaluation:
    """The group's self-evaluation of project year `year`: created once, then returned."""
    years = project_years(group)
    if not 1 <= year <= years.count:
        raise SelfEvaluationError(f"L'année {year} n'est pas une année du projet "
                                  f"(de 1 à {years.count}).")
    existing = SelfEvaluation.objects.filter(group=group, year=year).first()
    if existing is not None:
        members_as_collectors(existing)
        return existing
    try:
        questionnaire = _questionnaire(group, by)
    except SurveyError as error:
        raise SelfEvaluationError(str(error)) from error
    starts_on, ends_on = campaign_dates(group, year, timezone.localdate())
    campaign = Campaign.objects.create(
        questionnaire=questionnaire, title=f"Auto-évaluation — {years.label(year)}",
        slug=survey_slug(f"auto-evaluation-{group.slug}-annee-{year}", Campaign),
        starts_on=starts_on, ends_on=ends_on,
        collected_by=f"L'animation du groupe «\u00a0{group.name}\u00a0»",
        purpose="Faire le point une fois par an sur le fonctionnement du groupe, et décider "
                "ensemble de ce qu'il faut améliorer.",
        publication="Seulement le nombre de réponses à chaque question, montré aux membres "
                    "du groupe ; les parts et les propositions d'amélioration ne sont "
                    "montrées qu'à partir de 3 réponses. Aucun nom : la réponse n'est pas "
                    "reliée à la personne qui l'envoie.",
        anonymous=True, contact=f"L'animation du groupe «\u00a0{group.name}\u00a0».",
        created_by=by)
    self_evaluation = SelfEvaluation.objects.create(group=group, year=year, campaign=campaign)
    members_as_collectors(self_evaluation)
    return self_evaluation


def _choice_labels(definition: dict, node: dict) -> list[tuple[str, str]]:
    choices = definition.get("choice_lists", {}).get(node.get("choice_list", ""), [])
    return [(choice["name"], defn.label(choice, "fr", choice["name"])) for choice in choices]


def summary(group, year: int) -> dict | None:
    """The summary of the group's self-evaluation of project year `year`, None if none.

    {"answers", "members", "too_few" (fewer than MIN_ANSWERS answers), "questions": [{"label",
    "rows": [{"label", "count", "share"}]}], "improvements": [text, ...] (sorted, so that
    their order says nothing of who wrote them)}.
    """
    self_evaluation = (SelfEvaluation.objects.filter(group=group, year=year)
                       .select_related("campaign__questionnaire").first())
    if self_evaluation is None:
        return None
    version = self_evaluation.campaign.questionnaire.latest_version()
    definition = version.definition if version is not None else questionnaire_definition()
    answers = list(Submission.objects.filter(campaign=self_evaluation.campaign, complete=True)
                   .values_list("answers", flat=True))
    total = len(answers)
    questions = []
    for node in defn.questions(definition):
        if node["type"] != "select_one":
            continue
        given = [answer.get(node["name"]) for answer in answers]
        rows = [(text, sum(1 for value in given if value == name))
                for name, text in _choice_labels(definition, node)]
        missing = sum(1 for value in given if value in (None, ""))
        if missing:
            rows.append((NO_ANSWER, missing))
        questions.append({"name": node["name"], "label": defn.label(node, "fr", node["name"]),
                          "rows": [{"label": text, "count": count,
                                    "share": count / total if total else 0.0}
                                   for text, count in rows]})
    improvements = sorted(" ".join(str(answer.get(IMPROVE) or "").split()) for answer in answers)
    return {
        "answers": total,
        "members": Membership.objects.filter(group=group).count(),
        "too_few": total < MIN_ANSWERS,
        "questions": questions,
        "improvements": [text for text in improvements if text],
    }
