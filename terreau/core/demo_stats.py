"""The demo's statistics: real INSEE files, indicators computed from them, an example inventory.

Called by `demo_load` once the territory and the groups exist. The files come from the data
folder's `stats/` and `cog/` (see its MANIFEST.md); without them (download mode, offline, a
`--data` folder without `stats/`) the statistics are left out with a French line.

Codes of the statistics are COG 2021 (communes) and 2020 (IRIS) while the demo contours are
COG 2018: INSEE's commune table (COG 2024) is loaded as aliases first, so the import service
attaches the values of communes nouvelles to their old communes as it always does, and says so.

Loading twice changes nothing: an import is skipped when the latest version of its dataset
came from the same file (same SHA-256); indicators, holders, requests and inventory rows are
looked up by their slug or name before being created.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from terreau.catalog.choices import DataStatus, HolderKind, RequestStatus, Sensitivity
from terreau.catalog.models import DataHolder, Dataset, HolderRequest, InventoryItem
from terreau.catalog.services import (
    DataImportError,
    ImportPlan,
    VariableSpec,
    dataset_import,
    file_sha256,
)
from terreau.indicators.choices import Direction
from terreau.indicators.models import Indicator
from terreau.indicators.services import indicator_create, indicator_update
from terreau.territory.choices import Level
from terreau.territory.vintages import VintageError, aliases_load_cog

COG_COMMUNES = "cog/v-commune-2024.csv"
COMPARATEUR = "stats/base-cc-comparateur-2022-centre-val-de-loire.csv"
COMPARATEUR_META = "stats/meta-base-cc-comparateur-2022-variables.csv"
POPULATIONS = "stats/populations-legales-2021-communes-centre-val-de-loire.csv"
FILOSOFI_IRIS = "stats/filosofi-dec-iris-2019-centre-val-de-loire.csv"

INSEE = "INSEE"
LICENCE = "Licence Ouverte / Etalab 2.0"
OPERATOR = "admin"  # the demo account that imports and creates the indicators
TOURS_GROUP = "tours-insertion"
EXAMPLE = "Exemple de démonstration (notes fictives du groupe, pas une donnée réelle)."

# Comparateur de territoires: one dataset per period (the plan labels an import with one).
RP_COLUMNS = ("P18_POP", "P13_POP", "SUPERF", "NAIS1318", "DECE1318", "P18_MEN", "P18_LOG",
              "P18_RP", "P18_RSECOCC", "P18_LOGVAC", "P18_RP_PROP", "P18_EMPLT",
              "P18_EMPLT_SAL", "P13_EMPLT", "P18_POP1564", "P18_CHOM1564", "P18_ACT1564",
              "ETTOT18", "ETAZ18", "ETBE18", "ETFZ18", "ETGU18", "ETGZ18", "ETOQ18",
              "ETTEF118", "ETTEFP1018")
FILOSOFI_COLUMNS = ("NBMENFISC19", "PIMP19", "MED19", "TP6019")
KINDS = {"SUPERF": "amount", "PIMP19": "share", "MED19": "median", "TP6019": "rate"}
UNITS = {"SUPERF": "km²", "PIMP19": "%", "MED19": "€", "TP6019": "%"}
IRIS_KINDS = {"DEC_PIMP19": "share", "DEC_TP6019": "rate", "DEC_EQ19": "index",
              "DEC_RD19": "index", "DEC_S80S2019": "index", "DEC_GI19": "index"}
IRIS_COLUMNS = ("DEC_PIMP19", "DEC_TP6019", "DEC_Q119", "DEC_MED19", "DEC_Q319", "DEC_EQ19",
                "DEC_D119", "DEC_D219", "DEC_D319", "DEC_D419", "DEC_D619", "DEC_D719",
                "DEC_D819", "DEC_D919", "DEC_RD19", "DEC_S80S2019", "DEC_GI19", "DEC_PACT19",
                "DEC_PTSA19", "DEC_PCHO19", "DEC_PBEN19", "DEC_PPEN19", "DEC_PAUT19")
INSEE_URL = "https://www.insee.fr/fr/statistiques"  # the statistics pages of the site
COMMON = {"holder": INSEE, "licence": LICENCE, "sensitivity": Sensitivity.OPEN}


@dataclass
class StatsReport:
    datasets: list[str] = field(default_factory=list)  # slugs present after the load
    imported: list[str] = field(default_factory=list)  # slugs given a new version this run
    indicators: list[str] = field(default_factory=list)
    inventory: int = 0
    skipped: str = ""


def _label(column: str, meta: dict[str, str]) -> str:
    return meta.get(column, column)


def comparateur_labels(path: Path) -> dict[str, str]:
    """Return INSEE's long French label of each variable of the comparateur (meta file)."""
    labels = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
        cells = line.split(";")
        if len(cells) > 2 and cells[0]:
            labels[cells[0]] = cells[2]
    return labels


def _specs(columns, meta: dict[str, str]) -> list[VariableSpec]:
    return [VariableSpec(column=c, label=_label(c, meta), unit=UNITS.get(c, ""),
                         kind=KINDS.get(c, "count")) for c in columns]


def import_plans(data_dir: Path) -> list[tuple[Path, ImportPlan]]:
    """The four imports of the demo: (file, plan), in order."""
    meta = comparateur_labels(data_dir / COMPARATEUR_META)
    comparateur = data_dir / COMPARATEUR
    notes = ("Base du comparateur de territoires (INSEE, édition 2022), communes du "
             "Centre-Val de Loire, géographie au 01/01/2021, rattachées aux communes de la "
             "démonstration (COG 2018) par la table des communes de l'INSEE (COG 2024).")
    return [
        (comparateur, ImportPlan(
            dataset_slug="insee-comparateur-2022-rp", level=Level.COMMUNE, period="2018",
            code_column="CODGEO", variables=_specs(RP_COLUMNS, meta),
            title="Population, logement, emploi et établissements (comparateur INSEE 2022)",
            description="Recensement de la population 2018 (et 2013 pour P13_*), naissances "
                        "et décès 2013-2018, établissements actifs fin 2018.",
            source_url=INSEE_URL, vintage="2018", method_notes=notes, **COMMON)),
        (comparateur, ImportPlan(
            dataset_slug="insee-comparateur-2022-filosofi", level=Level.COMMUNE, period="2019",
            code_column="CODGEO", variables=_specs(FILOSOFI_COLUMNS, meta),
            title="Revenus et pauvreté 2019 par commune (comparateur INSEE 2022, Filosofi)",
            description="Filosofi 2019 : ménages fiscaux, part des ménages imposés, médiane du "
                        "niveau de vie, taux de pauvreté (vide = secret statistique).",
            source_url=INSEE_URL, vintage="2019", method_notes=notes, **COMMON)),
        (data_dir / POPULATIONS, ImportPlan(
            dataset_slug="insee-populations-legales-2021", level=Level.COMMUNE, period="2021",
            code_column="COM", variables=[
                VariableSpec("PMUN", label="Population municipale 2021", kind="count"),
                VariableSpec("PCAP", label="Population comptée à part 2021", kind="count"),
                VariableSpec("PTOT", label="Population totale 2021", kind="count")],
            title="Populations légales 2021 des communes (INSEE)",
            description="Recensement 2021, populations légales en vigueur au 1er janvier 2024.",
            source_url="https://www.insee.fr/fr/statistiques/7739582", vintage="2021",
            method_notes="Communes du Centre-Val de Loire, géographie en vigueur au 1er "
                         "janvier 2023, rattachées aux communes de la démonstration (COG 2018).",
            **COMMON)),
        (data_dir / FILOSOFI_IRIS, ImportPlan(
            dataset_slug="insee-filosofi-iris-2019", level=Level.IRIS, period="2019",
            code_column="IRIS", header_row=6, accept_unknown_codes=True,
            variables=[VariableSpec(c, kind=IRIS_KINDS.get(c, "share" if c.startswith(
                "DEC_P") else "median")) for c in IRIS_COLUMNS],
            title="Revenus déclarés par IRIS 2019 (INSEE, Filosofi)",
            description="Distribution des revenus déclarés par unité de consommation, IRIS des "
                        "communes pilotes (Tours, Joué-lès-Tours, Vierzon, Blois).",
            source_url=INSEE_URL, vintage="2019",
            method_notes="Seuls les IRIS des quatre communes pilotes sont des zones de la "
                         "démonstration : les autres IRIS du fichier sont laissés de côté. Les "
                         "IRIS trop petits ne sont pas publiés (secret statistique).",
            **COMMON)),
    ]


# slug, label, formula, unit, kind, decimals, direction, definition
INDICATORS = (
    ("taux-chomage-15-64", "Taux de chômage des 15-64 ans", "taux(p18_chom1564, p18_act1564)",
     "%", "rate", 1, Direction.HIGHER_IS_WORSE,
     "Chômeurs de 15 à 64 ans pour 100 actifs du même âge (INSEE, recensement 2018)."),
    ("taux-pauvrete", "Taux de pauvreté", "tp6019", "%", "rate", 1, Direction.HIGHER_IS_WORSE,
     "Part des personnes vivant sous le seuil de pauvreté (60 % du niveau de vie médian), "
     "INSEE Filosofi 2019 ; non calculable au-delà de la commune."),
    ("revenu-median", "Médiane du niveau de vie", "med19", "€", "median", 0,
     Direction.HIGHER_IS_BETTER,
     "Niveau de vie annuel qui partage les habitants en deux moitiés (INSEE Filosofi 2019) ; "
     "une médiane ne s'additionne pas entre communes."),
    ("revenu-median-iris", "Revenu déclaré médian par IRIS", "dec_med19", "€", "median", 0,
     Direction.HIGHER_IS_BETTER,
     "Revenu déclaré médian par unité de consommation dans le quartier IRIS (INSEE Filosofi "
     "2019)."),
    ("part-revenus-activite-iris", "Part des revenus d'activité (IRIS)", "dec_pact19", "%",
     "share", 1, Direction.NEUTRAL,
     "Part des salaires et revenus d'activité dans les revenus déclarés du quartier IRIS "
     "(INSEE Filosofi 2019)."),
    ("part-proprietaires", "Part des résidences principales occupées par leur propriétaire",
     "part(p18_rp_prop, p18_rp)", "%", "share", 1, Direction.NEUTRAL,
     "Résidences principales occupées par leur propriétaire pour 100 résidences principales "
     "(INSEE, recensement 2018)."),
    ("taux-logements-vacants", "Taux de logements vacants", "part(p18_logvac, p18_log)", "%",
     "share", 1, Direction.HIGHER_IS_WORSE,
     "Logements vacants pour 100 logements (INSEE, recensement 2018)."),
    ("evolution-population-2013-2018", "Évolution de la population 2013-2018",
     "taux(p18_pop - p13_pop, p13_pop)", "%", "rate", 1, Direction.NEUTRAL,
     "Variation de la population entre 2013 et 2018, en % de la population de 2013 (INSEE, "
     "recensements ; variation sur 5 ans, non annualisée)."),
    ("taux-natalite", "Taux de natalité", "pour_mille(nais1318 / 5, p18_pop)", "‰", "rate", 1,
     Direction.NEUTRAL,
     "Naissances par an (moyenne 2013-2018) pour 1 000 habitants de 2018 (INSEE, état civil et "
     "recensement)."),
    ("taux-mortalite", "Taux de mortalité", "pour_mille(dece1318 / 5, p18_pop)", "‰", "rate", 1,
     Direction.HIGHER_IS_WORSE,
     "Décès par an (moyenne 2013-2018) pour 1 000 habitants de 2018 (INSEE, état civil et "
     "recensement)."),
    ("part-emplois-salaries", "Part des emplois salariés", "part(p18_emplt_sal, p18_emplt)", "%",
     "share", 1, Direction.NEUTRAL,
     "Emplois salariés pour 100 emplois au lieu de travail (INSEE, recensement 2018)."),
    ("etablissements-pour-1000", "Établissements actifs pour 1 000 habitants",
     "pour_mille(ettot18, p18_pop)", "‰", "rate", 1, Direction.HIGHER_IS_BETTER,
     "Établissements actifs fin 2018 pour 1 000 habitants de 2018 (INSEE, Sirene et "
     "recensement)."),
)


def _already_imported(slug: str, path: Path) -> bool:
    dataset = Dataset.objects.filter(slug=slug).first()
    latest = dataset.versions.order_by("-number").first() if dataset else None
    return latest is not None and latest.source_sha256 == file_sha256(path)


def insee_holder() -> DataHolder:
    holder, _ = DataHolder.objects.update_or_create(name=INSEE, defaults={
        "kind": HolderKind.STATE, "website": "https://www.insee.fr", "licence": LICENCE,
        "notes": "Institut national de la statistique et des études économiques : données "
                 "ouvertes."})
    return holder


def datasets_import(data_dir: Path, out, user) -> StatsReport:
    report = StatsReport()
    insee_holder()
    try:
        aliases = aliases_load_cog(data_dir / COG_COMMUNES, vintage=2024)
        out.info(aliases.lines()[0])
    except VintageError as error:
        out.info(f"Table des communes de l'INSEE non chargée : {error}")
    for path, plan in import_plans(data_dir):
        if _already_imported(plan.dataset_slug, path):
            out.info(f"{plan.dataset_slug} : déjà importé depuis {path.name}, inchangé.")
            report.datasets.append(plan.dataset_slug)
            continue
        try:
            version = dataset_import(path=path, plan=plan, user=user, progress=out.progress)
        except DataImportError as error:
            out.info(f"{plan.dataset_slug} : import refusé ({error}).")
            continue
        summary = version.report or {}
        out.info(f"{plan.dataset_slug} : version {version.number}, {version.row_count} lignes "
                 f"lues, {len(summary.get('variables') or [])} variables ({path.name}).")
        report.datasets.append(plan.dataset_slug)
        report.imported.append(plan.dataset_slug)
    return report


def indicators_load(user, out) -> list[str]:
    """Create (or bring up to date) the demo's indicators; return their slugs."""
    done = []
    for slug, label, formula, unit, kind, decimals, direction, definition in INDICATORS:
        fields = {"label": label, "unit": unit, "kind": kind, "decimals": decimals,
                  "direction": direction, "definition": definition}
        existing = Indicator.objects.filter(slug=slug).first()
        try:
            if existing:
                indicator_update(indicator=existing, user=user, formula=formula, **fields)
            else:
                indicator_create(slug=slug, formula=formula, user=user, **fields)
        except (ValidationError, PermissionDenied) as error:  # e.g. an import was refused
            out.info(f"Indicateur « {label} » non créé : {error}")
            continue
        done.append(slug)
    return done


HOLDERS = (
    (INSEE, HolderKind.STATE, "", ""),
    ("CAF Touraine", HolderKind.SOCIAL_SECURITY, "https://www.caf.fr",
     "Service statistique / études (rôle, pas de nom)"),
    ("CPAM d'Indre-et-Loire", HolderKind.SOCIAL_SECURITY, "https://www.ameli.fr",
     "Délégué·e à l'accès aux soins (rôle, pas de nom)"),
    ("Ville de Tours / CCAS", HolderKind.LOCAL_AUTHORITY, "https://www.tours.fr",
     "Direction de l'action sociale (rôle, pas de nom)"),
)
# question, data needed, status, holder, dataset slug, next action
INVENTORY = (
    ("Où les familles monoparentales sont-elles nombreuses ?",
     "Allocataires CAF monoparents par IRIS", DataStatus.MISSING, "CAF Touraine", "",
     "Relancer la demande à la CAF (exemple)"),
    ("Où les familles monoparentales sont-elles nombreuses ?",
     "Revenu déclaré médian par IRIS (Filosofi 2019)", DataStatus.AVAILABLE, INSEE,
     "insee-filosofi-iris-2019", "Croiser avec les données CAF quand elles arrivent (exemple)"),
    ("Quel accès aux soins de proximité ?",
     "Médecins généralistes installés par commune", DataStatus.UNUSABLE,
     "CPAM d'Indre-et-Loire", "", "Demander un découpage par commune (exemple)"),
    ("Quel accès aux soins de proximité ?",
     "Temps d'accès au médecin ressenti par les habitant·es", DataStatus.TO_PRODUCE, "", "",
     "Préparer un questionnaire court avec le centre social (exemple)"),
    ("Qui ne recourt pas à ses droits ?", "Taux de pauvreté par commune (Filosofi 2019)",
     DataStatus.AVAILABLE, INSEE, "insee-comparateur-2022-filosofi", ""),
    ("Qui ne recourt pas à ses droits ?",
     "Demandes d'aide reçues au CCAS par quartier", DataStatus.TO_PRODUCE,
     "Ville de Tours / CCAS", "", "Proposer un comptage anonyme sur trois mois (exemple)"),
    ("Le chômage touche-t-il plus certains quartiers ?",
     "Chômeurs et actifs de 15 à 64 ans (recensement 2018)", DataStatus.AVAILABLE, INSEE,
     "insee-comparateur-2022-rp", ""),
)
REQUEST = ("CAF Touraine", "Allocataires monoparents par IRIS de Tours et Joué-lès-Tours "
           "(exemple)", datetime.date(2026, 10, 5), RequestStatus.PENDING)


def inventory_load() -> int:
    """Create or update the example inventory of the Tours group; return its row count."""
    from terreau.accounts.models import TerritorialGroup

    group = TerritorialGroup.objects.filter(slug=TOURS_GROUP).first()
    if group is None:
        return 0
    holders = {}
    for name, kind, website, contact in HOLDERS:
        if name == INSEE:
            holders[name] = insee_holder()
            continue
        holders[name], _ = DataHolder.objects.update_or_create(name=name, defaults={
            "kind": kind, "website": website, "contact_name": contact, "notes": EXAMPLE})
    for question, needed, status, holder, dataset, action in INVENTORY:
        InventoryItem.objects.update_or_create(
            group=group, question=question, data_needed=needed, defaults={
                "status": status, "holder": holders.get(holder),
                "contact": holders[holder].contact_name if holder else "",
                "dataset": Dataset.objects.filter(slug=dataset).first() if dataset else None,
                "next_action": action})
    holder, subject, sent_on, status = REQUEST
    HolderRequest.objects.update_or_create(
        holder=holders[holder], group=group, subject=subject,
        defaults={"sent_on": sent_on, "status": status, "answer": EXAMPLE})
    return group.inventory.count()


def demo_stats_load(*, data_dir: Path | None, out) -> StatsReport:
    """Import the real statistics, create the indicators and the example inventory."""
    out.step("Statistiques INSEE, indicateurs et inventaire d'exemple")
    needed = (COG_COMMUNES, COMPARATEUR, COMPARATEUR_META, POPULATIONS, FILOSOFI_IRIS)
    missing = [p for p in needed if data_dir is None or not (data_dir / p).is_file()]
    user = get_user_model().objects.filter(username=OPERATOR).first()
    if missing or user is None:
        where = "pas de dossier de données" if data_dir is None else \
            f"fichiers absents de {data_dir} : {', '.join(missing)}"
        report = StatsReport(skipped=where)
        out.info(f"Statistiques INSEE non chargées ({where}) ; la démonstration continue "
                 "sans elles.")
    else:
        report = datasets_import(data_dir, out, user)
        report.indicators = indicators_load(user, out)
        out.info(f"Statistiques INSEE : {len(report.datasets)} jeux de données, "
                 f"{len(report.indicators)} indicateurs.")
    report.inventory = inventory_load()
    out.info(f"Inventaire d'exemple du groupe « Tours — insertion » : {report.inventory} "
             "lignes (notes fictives).")
    return report
