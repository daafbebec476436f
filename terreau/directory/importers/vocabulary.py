"""data·inclusion v0 vocabularies translated to v1 (thématiques, profils, frais, types).

No Django here. v0 had 149 thématiques (categories and sub-themes), v1 has 69 sub-themes in
16 categories. Translation of one v0 theme:

1. the same value when v1 has it (27 values: choisir-un-metier--…, trouver-un-emploi--…);
2. a v0 sub-theme: the closest v1 sub-theme chosen by hand in `V0_THEMES` (sometimes two,
   e.g. "réaliser des démarches administratives avec un accompagnement" is both digital
   and administrative help);
3. a v0 category alone ("mobilite", "numerique"…): every v1 sub-theme of the matching v1
   category (`V0_CATEGORIES`), since the v0 service said no more than the category;
4. otherwise unmapped (`UNMAPPED`: 5 values with no v1 equivalent): left out, reported as
   a non-blocking problem and kept in the service's `extra` (`thematiques_v0`).
"""

V1_THEMES = {
    "choisir-un-metier": ("confirmer-son-choix-de-metier", "connaitre-les-opportunites-demploi",
                          "decouvrir-un-metier-ou-un-secteur-dactivite",
                          "identifier-ses-points-forts-et-ses-competences"),
    "creer-une-entreprise": ("definir-son-projet-de-creation-dentreprise",
                             "developper-son-entreprise",
                             "structurer-son-projet-de-creation-dentreprise"),
    "difficultes-administratives-ou-juridiques": (
        "accompagnement-aux-demarches-administratives",
        "accompagnement-pour-lacces-a-la-citoyennete", "accompagnement-pour-lacces-aux-droits",
        "beneficier-dune-mesure-daccompagnement-adapte",
        "connaitre-ses-droits-face-a-une-discrimination",
        "prendre-en-compte-une-problematique-judiciaire"),
    "difficultes-financieres": ("acquerir-une-autonomie-budgetaire",
                                "ameliorer-sa-gestion-budgetaire",
                                "mettre-en-place-une-mesure-de-protection-financiere",
                                "prevenir-une-degradation-de-la-situation-financiere",
                                "situation-dendettement-surendettement"),
    "equipement-et-alimentation": ("aide-menagere", "alimentation", "electromenager",
                                   "habillement"),
    "famille": ("garde-denfants", "prise-en-charge-personne-dependante",
                "soutien-a-la-parentalite-et-a-leducation", "soutien-aidants",
                "surmonter-conflits-separation-violence"),
    "lecture-ecriture-calcul": ("maitriser-le-calcul", "maitriser-le-francais"),
    "logement-hebergement": ("acheter-un-logement", "changer-de-logement", "louer-un-logement",
                             "rechercher-une-solution-dhebergement-temporaire",
                             "reduire-les-impayes-de-loyer", "se-maintenir-dans-le-logement",
                             "sinformer-sur-les-demarches-liees-a-lacces-au-logement"),
    "mobilite": ("acceder-a-un-vehicule", "entretenir-reparer-son-vehicule",
                 "etre-accompagne-dans-son-parcours-mobilite", "financer-ma-mobilite",
                 "mobilite-douce-partagee-collective", "preparer-un-permis"),
    "numerique": ("acceder-a-des-services-en-ligne", "acceder-a-une-connexion-internet",
                  "acquerir-un-equipement", "maitriser-les-fondamentaux-du-numerique"),
    "preparer-sa-candidature": ("developper-son-reseau",
                                "organiser-ses-demarches-de-recherche-demploi",
                                "realiser-un-cv-et-ou-une-lettre-de-motivation",
                                "valoriser-ses-competences"),
    "remobilisation": ("activites-sportives-et-culturelles", "benevolat-action-citoyenne",
                       "bien-etre-confiance-en-soi", "lien-social"),
    "sante": ("acces-aux-soins", "addictions", "constituer-un-dossier-mdph-invalidite",
              "sante-mentale", "sante-sexuelle"),
    "se-former": ("monter-son-dossier-de-formation", "trouver-sa-formation"),
    "souvrir-a-linternational": ("connaitre-les-opportunites-demploi-a-letranger",
                                 "sinformer-sur-les-aides-pour-travailler-a-letranger",
                                 "sorganiser-suite-a-son-retour-en-france"),
    "trouver-un-emploi": ("convaincre-un-recruteur-en-entretien",
                          "faire-des-candidatures-spontanees", "maintien-dans-lemploi",
                          "repondre-a-des-offres-demploi",
                          "suivre-ses-candidatures-et-relancer-les-employeurs"),
}
V1_SET = frozenset(f"{c}--{s}" for c, subs in V1_THEMES.items() for s in subs)

# A v0 category alone → the v1 category whose sub-themes it stands for.
V0_CATEGORIES = {
    "acces-aux-droits-et-citoyennete": "difficultes-administratives-ou-juridiques",
    "apprendre-francais": "lecture-ecriture-calcul--maitriser-le-francais",
    "choisir-un-metier": "choisir-un-metier", "creation-activite": "creer-une-entreprise",
    "equipement-et-alimentation": "equipement-et-alimentation", "famille": "famille",
    "gestion-financiere": "difficultes-financieres", "illettrisme": "lecture-ecriture-calcul",
    "logement-hebergement": "logement-hebergement", "mobilite": "mobilite",
    "numerique": "numerique", "preparer-sa-candidature": "preparer-sa-candidature",
    "remobilisation": "remobilisation", "sante": "sante", "se-former": "se-former",
    "souvrir-a-linternational": "souvrir-a-linternational",
    "trouver-un-emploi": "trouver-un-emploi",
}
UNMAPPED = frozenset({
    "accompagnement-social-et-professionnel-personnalise", "handicap",
    "acces-aux-droits-et-citoyennete--developpement-durable",
    "famille--jeunes-sans-soutien-familial",
    "sante--diagnostic-et-accompagnement-a-lemployabilite",
})
ADM, FIN, FAM = ("difficultes-administratives-ou-juridiques--", "difficultes-financieres--",
                 "famille--")
HOME, MOB, NUM = "logement-hebergement--", "mobilite--", "numerique--"
BASICS, FRENCH = NUM + "maitriser-les-fondamentaux-du-numerique", \
    "lecture-ecriture-calcul--maitriser-le-francais"
PARENTS, WELL = FAM + "soutien-a-la-parentalite-et-a-leducation", \
    "remobilisation--bien-etre-confiance-en-soi"
ONLINE, RIGHTS = NUM + "acceder-a-des-services-en-ligne", \
    ADM + "accompagnement-pour-lacces-aux-droits"
# v0 sub-theme → the closest v1 sub-theme(s), chosen from the labels of both lists.
V0_THEMES = {
    "acces-aux-droits-et-citoyennete--accompagnement-dans-les-demarches-administratives":
        (ADM + "accompagnement-aux-demarches-administratives",),
    "acces-aux-droits-et-citoyennete--accompagnement-juridique": (RIGHTS,),
    "acces-aux-droits-et-citoyennete--aide-aux-victimes":
        (ADM + "prendre-en-compte-une-problematique-judiciaire",),
    "acces-aux-droits-et-citoyennete--connaitre-ses-droits": (RIGHTS,),
    "acces-aux-droits-et-citoyennete--demandeurs-dasile-et-naturalisation":
        (ADM + "accompagnement-pour-lacces-a-la-citoyennete",),
    "acces-aux-droits-et-citoyennete--faciliter-laction-citoyenne":
        ("remobilisation--benevolat-action-citoyenne",),
    "accompagnement-social-et-professionnel-personnalise--decrochage-scolaire":
        ("se-former--trouver-sa-formation",),
    "accompagnement-social-et-professionnel-personnalise--definition-du-projet-professionnel":
        ("choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",),
    "accompagnement-social-et-professionnel-personnalise--parcours-d-insertion-"
    "socioprofessionnel": (ADM + "beneficier-dune-mesure-daccompagnement-adapte",),
    "apprendre-francais--accompagnement-insertion-pro": (FRENCH,),
    "apprendre-francais--communiquer-vie-tous-les-jours": (FRENCH,),
    "apprendre-francais--suivre-formation": (FRENCH,),
    "creation-activite--definir-son-projet-de-creation-dentreprise":
        ("creer-une-entreprise--definir-son-projet-de-creation-dentreprise",),
    "creation-activite--developper-son-entreprise":
        ("creer-une-entreprise--developper-son-entreprise",),
    "creation-activite--financer-son-projet":
        ("creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",),
    "creation-activite--reseautage-pour-createurs-dentreprise":
        ("creer-une-entreprise--developper-son-entreprise",),
    "creation-activite--structurer-son-projet-de-creation-dentreprise":
        ("creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",),
    "equipement-et-alimentation--acces-a-du-materiel-informatique":
        (NUM + "acquerir-un-equipement",),
    "equipement-et-alimentation--acces-a-un-telephone-et-un-abonnement":
        (NUM + "acquerir-un-equipement",),
    "famille--accompagnement-femme-enceinte-bebe-jeune-enfant": (PARENTS,),
    "famille--information-et-accompagnement-des-parents": (PARENTS,),
    "famille--soutien-a-la-parentalite": (PARENTS,),
    "famille--soutien-aux-familles": (PARENTS,),
    "famille--violences-intrafamiliales": (FAM + "surmonter-conflits-separation-violence",),
    "gestion-financiere--acces-au-micro-credit":
        (FIN + "prevenir-une-degradation-de-la-situation-financiere",),
    "gestion-financiere--accompagnement-aux-personnes-en-difficultes-financieres":
        (FIN + "prevenir-une-degradation-de-la-situation-financiere",),
    "gestion-financiere--apprendre-a-gerer-son-budget": (FIN + "ameliorer-sa-gestion-budgetaire",),
    "gestion-financiere--beneficier-daides-financieres": (RIGHTS,),
    "gestion-financiere--creation-et-utilisation-dun-compte-bancaire":
        (FIN + "acquerir-une-autonomie-budgetaire",),
    "gestion-financiere--obtenir-une-aide-alimentaire":
        ("equipement-et-alimentation--alimentation",),
    "gestion-financiere--prevention-et-gestion-du-surendettement":
        (FIN + "situation-dendettement-surendettement",),
    "handicap--accompagnement-par-une-structure-specialisee":
        (ADM + "beneficier-dune-mesure-daccompagnement-adapte",),
    "handicap--adaptation-au-poste-de-travail": ("trouver-un-emploi--maintien-dans-lemploi",),
    "handicap--adapter-son-logement": (HOME + "se-maintenir-dans-le-logement",),
    "handicap--aide-a-la-personne": (FAM + "prise-en-charge-personne-dependante",),
    "handicap--connaissance-des-droits-des-travailleurs": (RIGHTS,),
    "handicap--faire-reconnaitre-un-handicap": ("sante--constituer-un-dossier-mdph-invalidite",),
    "handicap--favoriser-le-retour-et-le-maintien-dans-lemploi":
        ("trouver-un-emploi--maintien-dans-lemploi",),
    "handicap--gerer-le-depart-a-la-retraite-des-personnes-en-situation-de-handicap": (RIGHTS,),
    "handicap--mobilite-des-personnes-en-situation-de-handicap":
        (MOB + "etre-accompagne-dans-son-parcours-mobilite",),
    "illettrisme--accompagner-scolarite": (PARENTS,),
    "illettrisme--ameliorer-vocabulaire": (FRENCH,),
    "illettrisme--etre-autonome": (FRENCH,),
    "illettrisme--info-acquisition-connaissances": (FRENCH,),
    "illettrisme--permis-conduire": (MOB + "preparer-un-permis",),
    "illettrisme--reperer-situation-illettrisme": (FRENCH,),
    "illettrisme--surmonter-trouble-apprentissage": (FRENCH,),
    "illettrisme--trouver-emploi-formation": ("se-former--trouver-sa-formation",),
    "illettrisme--utiliser-numerique": (BASICS,),
    "illettrisme--valider-certification-clea": ("se-former--trouver-sa-formation",),
    "logement-hebergement--aides-financieres-investissement-locatif":
        (HOME + "acheter-un-logement",),
    "logement-hebergement--besoin-dadapter-mon-logement": (HOME + "se-maintenir-dans-le-logement",),
    "logement-hebergement--connaissance-de-ses-droits-et-interlocuteurs":
        (HOME + "sinformer-sur-les-demarches-liees-a-lacces-au-logement",),
    "logement-hebergement--demenagement": (HOME + "changer-de-logement",),
    "logement-hebergement--etre-accompagne-dans-son-projet-accession":
        (HOME + "acheter-un-logement",),
    # sic: the v0 value has a space
    "logement-hebergement--etre-accompagne-en cas-de-difficultes-financieres":
        (HOME + "reduire-les-impayes-de-loyer",),
    "logement-hebergement--etre-accompagne-pour-se-loger": (HOME + "louer-un-logement",),
    "logement-hebergement--financer-son-projet-travaux": (HOME + "se-maintenir-dans-le-logement",),
    "logement-hebergement--gerer-son-budget": (FIN + "ameliorer-sa-gestion-budgetaire",),
    "logement-hebergement--mal-loges-sans-logis":
        (HOME + "rechercher-une-solution-dhebergement-temporaire",),
    "logement-hebergement--probleme-avec-son-logement": (HOME + "se-maintenir-dans-le-logement",),
    "logement-hebergement--reprendre-un-emploi-ou-une-formation": (HOME + "changer-de-logement",),
    "mobilite--acheter-un-vehicule-motorise": (MOB + "acceder-a-un-vehicule",),
    "mobilite--acheter-un-velo": (MOB + "acceder-a-un-vehicule",),
    "mobilite--aides-a-la-reprise-demploi-ou-a-la-formation": (MOB + "financer-ma-mobilite",),
    "mobilite--apprendre-a-utiliser-un-deux-roues": (MOB + "mobilite-douce-partagee-collective",),
    "mobilite--comprendre-et-utiliser-les-transports-en-commun":
        (MOB + "mobilite-douce-partagee-collective",),
    "mobilite--financer-mon-projet-mobilite": (MOB + "financer-ma-mobilite",),
    "mobilite--louer-un-vehicule": (MOB + "acceder-a-un-vehicule",),
    "mobilite--preparer-son-permis-de-conduire-se-reentrainer-a-la-conduite":
        (MOB + "preparer-un-permis",),
    "numerique--acceder-a-du-materiel": (NUM + "acceder-a-une-connexion-internet",),
    "numerique--accompagner-les-demarches-de-sante": (ONLINE,),
    "numerique--approfondir-ma-culture-numerique": (BASICS,),
    "numerique--creer-avec-le-numerique": (BASICS,),
    "numerique--creer-et-developper-mon-entreprise":
        ("creer-une-entreprise--developper-son-entreprise",),
    "numerique--devenir-autonome-dans-les-demarches-administratives": (ONLINE,),
    "numerique--favoriser-mon-insertion-professionnelle": (BASICS,),
    "numerique--prendre-en-main-un-ordinateur": (BASICS,),
    "numerique--prendre-en-main-un-smartphone-ou-une-tablette": (BASICS,),
    "numerique--promouvoir-la-citoyennete-numerique": (BASICS,),
    "numerique--realiser-des-demarches-administratives-avec-un-accompagnement":
        (ONLINE, ADM + "accompagnement-aux-demarches-administratives"),
    "numerique--s-equiper-en-materiel-informatique": (NUM + "acquerir-un-equipement",),
    "numerique--soutenir-la-parentalite-et-l-education-avec-le-numerique": (PARENTS, BASICS),
    "numerique--utiliser-le-numerique-au-quotidien": (BASICS,),
    "remobilisation--bien-etre": (WELL,),
    "remobilisation--decouvrir-son-potentiel-via-le-sport-et-la-culture":
        ("remobilisation--activites-sportives-et-culturelles",),
    "remobilisation--discrimination": (ADM + "connaitre-ses-droits-face-a-une-discrimination",),
    "remobilisation--identifier-ses-competences-et-aptitudes":
        ("choisir-un-metier--identifier-ses-points-forts-et-ses-competences",),
    "remobilisation--participer-a-des-actions-solidaires-ou-de-benevolat":
        ("remobilisation--benevolat-action-citoyenne",),
    "remobilisation--pression-sociale": (WELL,),
    "remobilisation--restaurer-sa-confiance-son-image-de-soi": (WELL,),
    "sante--accompagnement-de-la-femme-enceinte-du-bebe-et-du-jeune-enfant":
        ("sante--acces-aux-soins",),
    "sante--accompagner-les-traumatismes": ("sante--sante-mentale",),
    "sante--bien-etre-psychologique": ("sante--sante-mentale",),
    "sante--faire-face-a-une-situation-daddiction": ("sante--addictions",),
    "sante--obtenir-la-prise-en-charge-de-frais-medicaux": ("sante--acces-aux-soins",),
    "sante--prevention-et-acces-aux-soins": ("sante--acces-aux-soins",),
    "sante--se-soigner-et-prevenir-la-maladie": ("sante--acces-aux-soins",),
    "sante--vie-relationnelle-et-affective": ("sante--sante-sexuelle",),
    "se-former--utiliser-le-numerique": (BASICS,),
}
# v0 profils → v1 publics (None: no v1 public says it; kept in extra `profils_v0`).
V0_PROFILS = {
    "adultes": None, "alternants": "actifs", "beneficiaires-rsa":
    "beneficiaires-des-minimas-sociaux", "deficience-visuelle":
    "personnes-en-situation-de-handicap", "demandeurs-demploi": "demandeurs-emploi",
    "etudiants": "etudiants", "familles-enfants": "familles", "femmes": "femmes",
    "handicaps-mentaux": "personnes-en-situation-de-handicap",
    "handicaps-psychiques": "personnes-en-situation-de-handicap", "jeunes": "jeunes",
    "jeunes-16-26": "jeunes", "locataires": None,
    "personnes-de-nationalite-etrangere": "personnes-exilees",
    "personnes-en-situation-de-handicap": "personnes-en-situation-de-handicap",
    "personnes-en-situation-durgence": "personnes-en-situation-durgence",
    "personnes-en-situation-illettrisme": None,
    "personnes-handicapees": "personnes-en-situation-de-handicap", "proprietaires": None,
    "public-langues-etrangeres": None, "retraites": "seniors", "salaries": "actifs",
    "sans-domicile-fixe": "personnes-en-situation-durgence", "seniors-65": "seniors",
    "sortants-de-detention": "personnes-en-situation-juridique-specifique",
    "surdite": "personnes-en-situation-de-handicap", "tous-publics": "tous-publics",
    "victimes": "personnes-en-situation-durgence",
}
V1_PUBLICS = frozenset(v for v in V0_PROFILS.values() if v) | {"residents-qpv-frr"}
V1_TYPES = ("accompagnement", "aide-financiere", "aide-materielle", "atelier", "formation",
            "information")


def theme_v1(value: str) -> tuple[str, ...] | None:
    """v1 themes for one theme (v1 kept as it is, v0 translated); None when unmapped."""
    if value in V1_SET:
        return (value,)
    if value in V0_THEMES:
        return V0_THEMES[value]
    target = V0_CATEGORIES.get(value)
    if target in V1_SET:
        return (target,)
    if target:
        return tuple(f"{target}--{sub}" for sub in V1_THEMES[target])
    return None


def translate_themes(values: list[str]) -> tuple[list[str], list[str]]:
    """Return (v1 themes without repeats, values with no translation) for v0/v1 themes.

    Values that are neither v1 nor v0 (a group's own theme, a typo) are returned in the
    second list too: the caller reports them.
    """
    result, unknown = [], []
    for value in values:
        translated = theme_v1(value)
        if translated is None:
            unknown.append(value)
        else:
            result.extend(translated)
    return list(dict.fromkeys(result)), unknown


def translate_publics(values: list[str]) -> tuple[list[str], list[str]]:
    """Return (v1 publics, values without a v1 public) for v0 profils or v1 publics."""
    result, unknown = [], []
    for value in values:
        if value in V1_PUBLICS:
            result.append(value)
        elif V0_PROFILS.get(value):
            result.append(V0_PROFILS[value])
        else:
            unknown.append(value)
    return list(dict.fromkeys(result)), unknown


def fees_v1(values: list[str]) -> tuple[str | None, str | None]:
    """v0 frais list (gratuit, gratuit-sous-conditions, payant, adhesion, pass-numerique) →
    (v1 frais, précisions): paying as soon as one value is paying."""
    if not values:
        return None, None
    paying = any(v in ("payant", "adhesion", "pass-numerique") for v in values)
    details = [v for v in values if v not in ("gratuit", "payant")]
    labels = {"gratuit-sous-conditions": "gratuit sous conditions", "adhesion": "adhésion",
              "pass-numerique": "pass numérique"}
    return ("payant" if paying else "gratuit"), (
        ", ".join(labels.get(v, v) for v in details) or None)
