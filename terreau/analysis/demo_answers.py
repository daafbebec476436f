"""The fictitious answers of the demo's health questionnaire (Vierzon): a seeded generator.

No real person answered: every answer is drawn at random by `fictitious_answers`, so that the
demo has profiles of needs to find (issue 7, "Demo"). The draw is reproducible (a fixed
seed, Python's own `random.Random`, which gives the same numbers on every platform).

How an answer is drawn:

1. a *latent profile* is picked with its weight (LATENT below):
   - "âgées, seules, sans voiture" (30 %): 60 years and over, mostly living alone and
     retired, without a car, with a médecin traitant but giving up care because it is too
     far; they need transport to care and help with online procedures;
   - "jeunes parents" (25 %): under 45, children under 12 at home, often no médecin
     traitant, giving up care for lack of appointments; they need childcare during
     appointments, a doctor, prevention;
   - "actifs qui renoncent pour le coût" (25 %): 30 to 59, working, with a car, often
     without a complementary health insurance (mutuelle), giving up care because of its
     cost; they cite mental health;
   - "bien suivis" (20 %): a médecin traitant, a mutuelle, no care given up, few needs;
2. each closed question is answered from that profile's probabilities, except that with
   probability NOISE the answer is drawn uniformly among all choices instead (people do not
   fit their profile exactly);
3. each choice of the needs question is cited with the profile's probability (or 50 % when
   the noise applies to it); a person who cites none ticks "aucun de ces besoins";
4. the commune: with probability CENTRE_SHARE the centre (Vierzon), otherwise one of the
   communes around it, drawn with weights that each latent profile gets at random from the
   same seed. So about 60 % of the answers come from Vierzon and the rest are spread thinly
   over its neighbours (several get fewer than 11 answers, and the pages then show the
   disclosure rule), and the profiles lean towards different communes, so that the map of
   profiles shows differences. These leanings are pure chance: they say nothing about the
   real communes or their inhabitants;
5. a few people write an open answer, picked from short sentences of their profile;
6. the day of collection is spread over the campaign (March to June 2026).
"""

import datetime
import random
from dataclasses import dataclass

SEED = 2026
RESPONDENTS = 250
NOISE = 0.12
CENTRE_SHARE = 0.6  # share of the answers from the centre commune (Vierzon)
OPEN_ANSWER_RATE = 0.3
FIRST_DAY, LAST_DAY = datetime.date(2026, 3, 2), datetime.date(2026, 6, 26)

# Every choice of each closed question (the questionnaire's choice lists, demo.py).
CHOICES = {
    "age": ["18_29", "30_44", "45_59", "60_74", "75_plus"],
    "seul": ["oui", "non"],
    "enfants": ["oui", "non"],
    "activite": ["emploi", "recherche", "retraite", "autre"],
    "voiture": ["oui", "non"],
    "medecin": ["oui", "non"],
    "renoncement": ["non", "cout", "delai", "distance"],
    "mutuelle": ["oui", "css", "non"],
    "demarches": ["seul", "aide", "non"],
}
NEEDS = ["medecin", "transport", "demarches", "sante_mentale", "prevention", "garde"]
NO_NEED = "aucun"


@dataclass(frozen=True)
class Latent:
    """A latent profile: its share of people and the probabilities of their answers."""

    name: str
    weight: float
    answers: dict[str, dict[str, float]]
    needs: dict[str, float]
    sentences: tuple[str, ...]


LATENT = (
    Latent("âgées, seules, sans voiture", 0.30, {
        "age": {"60_74": 0.4, "75_plus": 0.6}, "seul": {"oui": 0.8, "non": 0.2},
        "enfants": {"non": 1.0}, "activite": {"retraite": 0.95, "autre": 0.05},
        "voiture": {"non": 0.8, "oui": 0.2}, "medecin": {"oui": 0.8, "non": 0.2},
        "renoncement": {"distance": 0.6, "non": 0.25, "delai": 0.15},
        "mutuelle": {"oui": 0.85, "css": 0.1, "non": 0.05},
        "demarches": {"non": 0.55, "aide": 0.4, "seul": 0.05}},
        {"transport": 0.8, "demarches": 0.65, "medecin": 0.15, "sante_mentale": 0.15,
         "prevention": 0.2, "garde": 0.0},
        ("Un bus le samedi pour aller à l'hôpital.",
         "Personne pour m'emmener chez le spécialiste à Bourges.",
         "Je ne sais pas prendre rendez-vous sur internet.",
         "Le taxi coûte trop cher pour aller aux soins.")),
    Latent("jeunes parents", 0.25, {
        "age": {"18_29": 0.5, "30_44": 0.5}, "seul": {"non": 0.75, "oui": 0.25},
        "enfants": {"oui": 0.95, "non": 0.05},
        "activite": {"emploi": 0.45, "recherche": 0.3, "autre": 0.25},
        "voiture": {"oui": 0.55, "non": 0.45}, "medecin": {"non": 0.7, "oui": 0.3},
        "renoncement": {"delai": 0.65, "non": 0.25, "cout": 0.1},
        "mutuelle": {"oui": 0.5, "css": 0.4, "non": 0.1},
        "demarches": {"seul": 0.85, "aide": 0.15}},
        {"garde": 0.75, "medecin": 0.7, "prevention": 0.45, "sante_mentale": 0.2,
         "transport": 0.2, "demarches": 0.1},
        ("Pas de pédiatre à Vierzon, il faut aller à Bourges.",
         "Faire garder les enfants pendant mes rendez-vous.",
         "Aucun médecin ne prend de nouveaux patients.",
         "Des consultations le soir après le travail.")),
    Latent("actifs qui renoncent pour le coût", 0.25, {
        "age": {"30_44": 0.35, "45_59": 0.65}, "seul": {"oui": 0.45, "non": 0.55},
        "enfants": {"non": 0.9, "oui": 0.1}, "activite": {"emploi": 0.8, "recherche": 0.2},
        "voiture": {"oui": 0.85, "non": 0.15}, "medecin": {"oui": 0.75, "non": 0.25},
        "renoncement": {"cout": 0.75, "non": 0.15, "delai": 0.1},
        "mutuelle": {"non": 0.7, "oui": 0.25, "css": 0.05},
        "demarches": {"seul": 0.8, "aide": 0.2}},
        {"sante_mentale": 0.55, "medecin": 0.35, "prevention": 0.25, "demarches": 0.1,
         "transport": 0.05, "garde": 0.1},
        ("Les lunettes et le dentiste coûtent trop cher.",
         "Parler à quelqu'un quand ça ne va pas, sans payer.",
         "Je n'ai pas droit à la complémentaire solidaire, de peu.")),
    Latent("bien suivis", 0.20, {
        "age": {"30_44": 0.1, "45_59": 0.3, "60_74": 0.6}, "seul": {"non": 0.8, "oui": 0.2},
        "enfants": {"non": 0.9, "oui": 0.1}, "activite": {"emploi": 0.45, "retraite": 0.55},
        "voiture": {"oui": 0.95, "non": 0.05}, "medecin": {"oui": 0.95, "non": 0.05},
        "renoncement": {"non": 0.9, "delai": 0.1}, "mutuelle": {"oui": 0.95, "css": 0.05},
        "demarches": {"seul": 0.8, "aide": 0.15, "non": 0.05}},
        {"prevention": 0.35, "medecin": 0.05, "transport": 0.05, "demarches": 0.05,
         "sante_mentale": 0.05, "garde": 0.05},
        ("Plus de dépistages organisés près de chez nous.",)),
)


@dataclass(frozen=True)
class FictitiousAnswer:
    answers: dict  # question name → choice name(s), as the form sends them
    zone: str  # code of the commune
    day: datetime.date
    latent: str  # the latent profile it was drawn from (for the tests, never stored)


def _pick(rng: random.Random, probabilities: dict[str, float]) -> str:
    names = list(probabilities)
    return rng.choices(names, weights=[probabilities[n] for n in names])[0]


def _closed(rng: random.Random, latent: Latent, question: str) -> str | None:
    if rng.random() < NOISE:
        return rng.choice(CHOICES[question])
    return _pick(rng, latent.answers[question])


def _needs(rng: random.Random, latent: Latent) -> list[str]:
    cited = []
    for need in NEEDS:
        chance = 0.5 if rng.random() < NOISE else latent.needs[need]
        if rng.random() < chance:
            cited.append(need)
    return cited or [NO_NEED]


def _zone(rng: random.Random, centre: str | None, around: list[str],
          weights: list[float]) -> str:
    if centre is not None and (not around or rng.random() < CENTRE_SHARE):
        return centre
    return rng.choices(around, weights=weights)[0]


def _one(rng: random.Random, latent: Latent, zone: str) -> FictitiousAnswer:
    answers = {question: value for question in CHOICES
               if (value := _closed(rng, latent, question)) is not None}
    answers["besoins"] = _needs(rng, latent)
    if rng.random() < OPEN_ANSWER_RATE:
        answers["autre"] = rng.choice(latent.sentences)
    answers["commune"] = zone
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    return FictitiousAnswer(answers, zone, day, latent.name)


def fictitious_answers(zones: list[str], n: int = RESPONDENTS, seed: int = SEED,
                       centre: str | None = None) -> list[FictitiousAnswer]:
    """Draw `n` fictitious answers living in `zones` (commune codes), reproducibly.

    `centre` (one of `zones`) gets CENTRE_SHARE of the answers; without it every zone is
    drawn with the latent profiles' leanings.
    """
    if not zones:
        return []
    # Two streams from the seed: the answers do not change when the communes do.
    rng, places = random.Random(seed), random.Random(f"communes-{seed}")
    centre = centre if centre in zones else None
    around = sorted(set(zones) - {centre})
    # Each latent profile leans towards some communes at random: no claim on the real places.
    leanings = {latent.name: [places.gammavariate(1.0, 1.0) for _ in around]
                for latent in LATENT}
    weights = [latent.weight for latent in LATENT]
    out = []
    for _ in range(n):
        latent = rng.choices(LATENT, weights=weights)[0]
        zone = _zone(places, centre, around, leanings[latent.name])
        out.append(_one(rng, latent, zone))
    return out
