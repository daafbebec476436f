"""The demo's example scenario of the Tours group (`exemple-tours`): three steps on real
indicators of Tours, Joué-lès-Tours and their neighbours, two hypotheses, a few comments.

It is written through the same services as the pages (so the comments notify, the status
history is kept) and only once: a re-run of `terreau demo` leaves it as the group changed it.
The figures quoted in the narratives are those of the INSEE files of the demo (recensement
2018, Filosofi 2019).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from terreau.accounts.models import GroupTerritory, TerritorialGroup

from .choices import Status, StepKind, Visibility
from .discussion import comment_add
from .hypotheses import hypothesis_add, hypothesis_set_status
from .models import Scenario
from .services import scenario_create, step_add

SLUG = "exemple-tours"
GROUP = "tours-insertion"
TERRITORY = "Agglomération de Tours (exemple)"
AUTHOR = "animateur"
INDICATORS = ("taux-chomage-15-64", "taux-pauvrete", "part-proprietaires")

TITLE = "Chômage, pauvreté et logement autour de Tours (exemple)"
QUESTION = ("Où les difficultés d'emploi et de revenu se concentrent-elles autour de Tours et "
            "de Joué-lès-Tours, et qui faut-il aller voir en priorité ?")

STEP_1 = """En 2018, **17,9 %** des actifs de 15 à 64 ans de Tours sont au chômage et
**16,7 %** à Joué-lès-Tours, contre 12,4 % en moyenne en Indre-et-Loire.

Dans notre territoire, Saint-Pierre-des-Corps est la commune la plus touchée (19,9 %),
Saint-Cyr-sur-Loire la moins touchée (10,1 %)."""

STEP_2 = """Les deux cartes se ressemblent : Saint-Pierre-des-Corps (23 % de pauvreté),
Tours (21 %) et Joué-lès-Tours (19 %) cumulent chômage et pauvreté.

Attention : un lien entre deux cartes n'est pas une cause. L'INSEE ne publie pas le taux de
pauvreté des petites communes (secret statistique) : elles restent en gris."""

STEP_3 = """Un ménage sur trois seulement est propriétaire de son logement à Tours (33 %),
contre 59 % dans le département et 62 % à Saint-Cyr-sur-Loire.

Les locataires sont plus exposés aux hausses de loyer et aux impayés : c'est une piste à
creuser avec les bailleurs et la CAF."""


def _steps(territory: GroupTerritory) -> list[tuple[str, str, str, str]]:
    """(kind, query, title, narrative) of the three steps."""
    dans = territory.within_param
    return [
        (StepKind.MAP, f"indicateur=taux-chomage-15-64&niveau=commune&dans={dans}",
         "Le chômage dans l'agglomération", STEP_1),
        (StepKind.COMPARE, "carte=taux-chomage-15-64,commune,37,&carte=taux-pauvrete,commune,37,",
         "Chômage et pauvreté vont ensemble", STEP_2),
        (StepKind.MAP, f"indicateur=part-proprietaires&niveau=commune&dans={dans}",
         "Peu de propriétaires à Tours", STEP_3),
    ]


def demo_scenario_load() -> str:
    """Create the example scenario if it is missing; return a French line for the terminal."""
    if Scenario.objects.filter(slug=SLUG).exists():
        return f"Scénario d'exemple « {SLUG} » : déjà présent, laissé tel quel."
    users = get_user_model().objects
    group = TerritorialGroup.objects.filter(slug=GROUP).first()
    territory = GroupTerritory.objects.filter(group=group, name=TERRITORY).first()
    author = users.filter(username=AUTHOR).first()
    if group is None or territory is None or author is None:
        return "Scénario d'exemple non créé : groupe, territoire ou compte de démonstration absent."
    from terreau.indicators.models import Indicator

    missing = set(INDICATORS) - set(Indicator.objects.filter(slug__in=INDICATORS)
                                    .values_list("slug", flat=True))
    if missing:
        return ("Scénario d'exemple non créé : indicateurs absents "
                f"({', '.join(sorted(missing))}).")
    with transaction.atomic():
        _create(group, territory, author)
    return f"Scénario d'exemple « {SLUG} » créé (3 étapes, 2 hypothèses)."


def _create(group: TerritorialGroup, territory: GroupTerritory, author) -> Scenario:
    users = get_user_model().objects
    member = users.filter(username="membre").first() or author
    steward = users.filter(username="donnees").first() or author
    scenario = scenario_create(title=TITLE, question=QUESTION, group=group, author=author,
                               visibility=Visibility.GROUP, is_example=True, slug=SLUG)
    steps = [step_add(scenario=scenario, kind=kind, query=query, title=title, user=author,
                      narrative=narrative)
             for kind, query, title, narrative in _steps(territory)]
    chomage = hypothesis_add(
        scenario=scenario, by=author, step_ids=[steps[0].pk, steps[1].pk],
        indicators=["taux-chomage-15-64", "taux-pauvrete"],
        statement="Le chômage touche davantage Tours, Joué-lès-Tours et Saint-Pierre-des-Corps "
                  "que le reste du département.")
    hypothesis_set_status(hypothesis=chomage, status=Status.CONFIRMED, by=author,
                          reason="Étape 1 : 17,9 % à Tours et 16,7 % à Joué-lès-Tours, contre "
                                 "12,4 % en Indre-et-Loire (recensement 2018).")
    logement = hypothesis_add(
        scenario=scenario, by=member, step_ids=[steps[2].pk],
        indicators=["part-proprietaires"],
        statement="Les locataires des quartiers de Tours connaissent mal les aides au logement.",
        evidence_note="À vérifier avec l'enquête participative auprès des habitants.")
    question = comment_add(scenario=scenario, step=steps[0], author=member,
                           body=f"Ces chiffres datent de 2018 : @{AUTHOR}, a-t-on des données "
                                "plus récentes de France Travail ?")
    comment_add(scenario=scenario, step=steps[0], author=author, parent=question,
                body="Pas encore : je l'ai noté dans les données manquantes du catalogue.")
    comment_add(scenario=scenario, hypothesis=logement, author=steward,
                body="On pourrait ajouter une question sur les aides au logement au guide de "
                     "diagnostic.")
    return scenario
