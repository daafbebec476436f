"""The demo's questionnaire and campaign: a short "guide de diagnostic" of the Tours group.

Closed questions on the situation and the needs of the person met, as the CATALYSE method's
guides ask them, with a zone question (the IRIS of Tours), one constraint
(age) and skip logic (the transport question only for people without a car). Written once: a
re-run of `terreau demo` leaves them as the group changed them. No answer is invented.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from terreau.accounts.models import TerritorialGroup

from .definition import FORMAT
from .models import Campaign, Questionnaire
from .services import questionnaire_create

SLUG = "guide-diagnostic-tours"
CAMPAIGN = "diagnostic-tours-2027"
GROUP = "tours-insertion"
AUTHOR = "animateur"


def _choices(*pairs: tuple[str, str]) -> list[dict]:
    return [{"name": name, "label": {"fr": text}, "extra": {}} for name, text in pairs]


def _question(kind: str, name: str, text: str, **fields) -> dict:
    node = {"type": kind, "name": name, "label": {"fr": text}, "hint": {}, "required": False,
            "required_message": {}, "relevant": "", "constraint": "",
            "constraint_message": {}, "choice_list": "", "appearance": "", "default": "",
            "calculation": "", "choice_filter": "", "read_only": False, "extra": {}}
    node.update(fields)
    return node


def _section(name: str, text: str, children: list[dict]) -> dict:
    return {**_question("group", name, text), "children": children}


DEFINITION = {
    "format": FORMAT,
    "title": "Guide de diagnostic — Tours",
    "form_id": "guide_diagnostic_tours",
    "version": "1",
    "languages": ["fr"],
    "default_language": "fr",
    "settings": {},
    "choice_lists": {
        "oui_non": _choices(("oui", "Oui"), ("non", "Non")),
        "logement": _choices(("locataire_social", "Locataire d'un logement social"),
                             ("locataire_prive", "Locataire dans le privé"),
                             ("proprietaire", "Propriétaire"),
                             ("heberge", "Hébergé·e par un proche"),
                             ("sans_logement", "Sans logement stable")),
        "besoins": _choices(("emploi", "Trouver un emploi ou une formation"),
                            ("demarches", "Faire ses démarches en ligne"),
                            ("sante", "Se soigner"),
                            ("garde", "Faire garder ses enfants"),
                            ("mobilite", "Se déplacer"),
                            ("isolement", "Rompre l'isolement")),
    },
    "children": [
        _section("situation", "Votre situation", [
            _question("zone", "quartier", "Dans quel quartier de Tours habitez-vous ?",
                      required=True),
            _question("integer", "age", "Quel âge avez-vous ?", required=True,
                      constraint=". >= 15 and . <= 110",
                      constraint_message={"fr": "L'âge va de 15 à 110 ans."}),
            _question("select_one", "logement", "Votre logement", choice_list="logement",
                      required=True),
            _question("select_one", "vit_seul", "Vivez-vous seul·e ?", choice_list="oui_non"),
            _question("select_one", "voiture", "Avez-vous une voiture ?", choice_list="oui_non"),
            _question("select_one", "transport", "Les transports en commun vous suffisent-ils ?",
                      choice_list="oui_non", relevant="${voiture} = 'non'"),
        ]),
        _section("besoins_section", "Vos besoins", [
            _question("select_multiple", "besoins",
                      "Pour quoi auriez-vous besoin d'aide aujourd'hui ?", choice_list="besoins",
                      hint={"fr": "Plusieurs réponses possibles."}),
            _question("text", "autre_besoin", "Un autre besoin, dans vos mots ?"),
        ]),
    ],
}


def demo_survey_load() -> str:
    """Create the demo questionnaire and campaign if missing; return a French line."""
    if Questionnaire.objects.filter(slug=SLUG).exists():
        return f"Questionnaire d'exemple « {SLUG} » : déjà présent, laissé tel quel."
    group = TerritorialGroup.objects.filter(slug=GROUP).first()
    author = get_user_model().objects.filter(username=AUTHOR).first()
    if group is None or author is None:
        return "Questionnaire d'exemple non créé : groupe ou compte de démonstration absent."
    with transaction.atomic():
        questionnaire = questionnaire_create(group=group, definition=DEFINITION, user=author,
                                             slug=SLUG, source_name="démonstration")
        campaign = Campaign.objects.create(
            questionnaire=questionnaire, slug=CAMPAIGN, title="Diagnostic 2027 (exemple)",
            starts_on=datetime.date(2027, 1, 4), within="commune:37261", zone_level="iris",
            collected_by=f"Le groupe « {group.name} » (associations et centres sociaux)",
            purpose="Mieux connaître les besoins des habitants pour adapter les services "
                    "du quartier.", contact="Le centre social de votre quartier.",
            created_by=author)
        campaign.collectors.add(author)
    return f"Questionnaire d'exemple « {SLUG} » et campagne « {CAMPAIGN} » créés."
