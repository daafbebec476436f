"""`terreau analyse-profiles (PATH | --campaign SLUG) --active COL,COL [...]`: profiles of needs.

The statistics also serve surveys collected elsewhere (issue 7): a CSV or XLSX table with one
row per person and one categorical column per question (empty cells are missing answers), or
the complete answers of a Terreau campaign. The command runs the multiple correspondence
analysis and the clustering (profiles.py, as FactoMineR's MCA then HCPC), prints a plain-French
summary and, with --json, writes the results with the partition of the people.

Bad input (unknown column, too few active questions, unreadable file, unknown campaign...)
stops with a French message and writes nothing. Reading a campaign's answers is written to the
audit log, as `export-answers` is: the JSON says which profile each answer belongs to.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from terreau.analysis.profiles import ProfilesError, profiles_run
from terreau.analysis.table import SurveyTable, table_from_frame
from terreau.catalog.reading import TableReadError, preview, read_table
from terreau.core.audit import audit_record, command_line_actor
from terreau.core.choices import AuditAction, AuditTarget
from terreau.core.management.errors import Erreur
from terreau.core.terminal import ProgressBar

AXES_SHOWN = 5
AVAILABLE_SHOWN = 60
# The keys of the JSON come first; the rest of the result follows them.
JSON_KEYS = ("eigenvalues", "corrected_inertia", "categories", "partition", "profiles")


class Command(BaseCommand):
    help = (
        "Cherche des profils de besoins : analyse des correspondances multiples puis "
        "classification (Ward, consolidée par k-means), comme FactoMineR (MCA puis HCPC). "
        "Lit un tableau CSV ou XLSX (une ligne par personne, une colonne par question, une "
        "cellule vide = pas de réponse) ou les réponses complètes d'une campagne (--campaign). "
        "Affiche un résumé en français ; --json écrit les résultats détaillés."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="tableau à analyser (.csv ou .xlsx)")
        parser.add_argument("--campaign", metavar="SLUG",
                            help="analyser les réponses complètes de cette campagne")
        parser.add_argument("--active", default="", metavar="COL,COL,...",
                            help="questions actives (au moins deux), séparées par des virgules")
        parser.add_argument("--supplementary", default="", metavar="COL,...",
                            help="questions supplémentaires : décrivent les profils sans les "
                                 "former")
        parser.add_argument("--ncp", default="5", metavar="N",
                            help="nombre d'axes gardés pour la classification (défaut : 5)")
        parser.add_argument("--profiles", default="", metavar="K",
                            help="nombre de profils (défaut : proposé d'après les gains "
                                 "d'inertie)")
        parser.add_argument("--no-consolidation", action="store_true",
                            help="ne pas consolider les profils par k-means")
        parser.add_argument("--kk", default="auto", metavar="N|none",
                            help="pré-regroupement k-means en N groupes avant Ward ; « none » : "
                                 "Ward exact sur chaque ligne (défaut : automatique au-delà de "
                                 "quelques milliers de personnes)")
        parser.add_argument("--json", metavar="FICHIER", help="écrire les résultats en JSON")

    def handle(self, *args, **options):
        params = parameters(options)
        if bool(options["path"]) == bool(options["campaign"]):
            raise Erreur("Donnez soit un fichier (CSV ou XLSX), soit --campaign SLUG.")
        output = json_target(options["json"])
        campaign = None
        if options["campaign"]:
            campaign, table = campaign_table(options["campaign"])
            source = f"campagne « {campaign.slug} »"
        else:
            table = file_table(Path(options["path"]))
            source = Path(options["path"]).name
        columns_check(table, params["active"], params["supplementary"])
        try:
            with ProgressBar(self.stderr, enabled=options["verbosity"] > 0) as bar:
                results = profiles_run(table, **params, rare="keep", progress=bar)
        except ProfilesError as error:
            raise Erreur(str(error)) from None
        if campaign is not None:
            access_record(campaign, len(table), options["json"])
        for line in summary_lines(results, source, params):
            self.stdout.write(line)
        if output is not None:
            output.write_text(json.dumps(json_result(results), ensure_ascii=False),
                              encoding="utf-8")
            self.stdout.write(f"Résultats écrits dans {output}.")


# ---- Options ----------------------------------------------------------------------------


def _names(text: str) -> list[str]:
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def _whole(text: str, option: str, low: int) -> int:
    try:
        number = int(str(text).strip())
    except ValueError:
        raise Erreur(f"{option} {text} : un nombre entier est attendu.") from None
    if number < low:
        raise Erreur(f"{option} {text} : un nombre d'au moins {low} est attendu.")
    return number


def parameters(options: dict) -> dict:
    """The options as profiles_run's keyword arguments; a French error for a wrong one."""
    active, supplementary = _names(options["active"]), _names(options["supplementary"])
    if len(set(active)) < 2:
        raise Erreur("--active : donnez au moins deux questions actives, séparées par des "
                     "virgules (ex. --active Tea,How,sugar).")
    both = sorted(set(active) & set(supplementary))
    if both:
        raise Erreur(f"Colonne à la fois active et supplémentaire : {', '.join(both)}. "
                     "Une question forme les profils ou les décrit, pas les deux.")
    kk = (options["kk"] or "auto").strip().lower()
    if kk in ("none", "aucun"):
        kk = None
    elif kk != "auto":
        kk = _whole(kk, "--kk", 2)
    profiles = _whole(options["profiles"], "--profiles", 2) if options["profiles"] else None
    return {"active": list(dict.fromkeys(active)),
            "supplementary": list(dict.fromkeys(supplementary)),
            "ncp": _whole(options["ncp"], "--ncp", 1), "profiles": profiles,
            "consolidation": not options["no_consolidation"], "kk": kk}


def json_target(path: str | None) -> Path | None:
    """The --json file, checked before the (possibly long) computation."""
    if not path:
        return None
    target = Path(path)
    if not target.parent.is_dir():
        raise Erreur(f"--json : le dossier {target.parent} n'existe pas.")
    if target.is_dir():
        raise Erreur(f"--json : {target} est un dossier ; donnez un nom de fichier.")
    return target


# ---- Reading the table ------------------------------------------------------------------


def file_table(path: Path) -> SurveyTable:
    """A CSV (`,` or `;`, UTF-8 with or without BOM, or Latin-1) or XLSX table, as text."""
    if not path.is_file():
        raise Erreur(f"Fichier introuvable : {path}.")
    try:
        head = preview(path, n=1)
        if not head.rows or not any(cell.strip() for cell in head.rows[0]):
            raise Erreur(f"Le fichier {path.name} est vide.")
        names = [cell.strip().lstrip("\ufeff") for cell in head.rows[0]]
        # Every column as text: "1" and "01" are categories, not numbers.
        raw = read_table(path, header_row=1, text_columns=tuple(n for n in names if n))
    except TableReadError as error:
        raise Erreur(f"Fichier illisible : {error}") from None
    if raw.frame.empty:
        raise Erreur(f"Le fichier {path.name} n'a aucune ligne de réponses sous son en-tête.")
    frame = raw.frame.copy()
    frame.columns = raw.columns
    return table_from_frame(frame)


def campaign_table(slug: str):
    """The campaign and the table of its complete answers (variable keys as columns)."""
    from terreau.analysis.answers import AnswerFilters, answers_table
    from terreau.surveys.models import Campaign

    campaign = (Campaign.objects.select_related("questionnaire__group")
                .filter(slug=slug).first())
    if campaign is None:
        raise Erreur(f"Campagne inconnue : « {slug} ».")
    loaded = answers_table(campaign.questionnaire, AnswerFilters(campaign_id=campaign.pk))
    if len(loaded.table) == 0:
        raise Erreur(f"La campagne « {slug} » n'a aucune réponse complète à analyser.")
    return campaign, loaded.table


def columns_check(table: SurveyTable, active: list[str], supplementary: list[str]) -> None:
    """Name every unknown column, and list the columns there are."""
    available = list(table.frame.columns)
    unknown = [name for name in [*active, *supplementary] if name not in available]
    if not unknown:
        return
    shown = ", ".join(available[:AVAILABLE_SHOWN])
    more = f" (et {len(available) - AVAILABLE_SHOWN} autres)" if len(available) > \
        AVAILABLE_SHOWN else ""
    plural = "s" if len(unknown) > 1 else ""
    raise Erreur(f"Colonne{plural} inconnue{plural} : {', '.join(unknown)}. "
                 f"Colonnes disponibles : {shown}{more}.")


def access_record(campaign, respondents: int, output: str | None) -> None:
    """Audit: the answers of a campaign were read; with --json, a per-person file left."""
    questionnaire = campaign.questionnaire
    audit_record(action=AuditAction.EXPORT if output else AuditAction.RESTRICTED_ACCESS,
                 target_type=AuditTarget.QUESTIONNAIRE, target_id=questionnaire.slug,
                 target_label=questionnaire.title, actor=command_line_actor(),
                 details={"reponses": respondents, "campagne": campaign.slug,
                          "format": "profils (json)" if output else "résumé des profils",
                          "fichier": output or "", "groupe": questionnaire.group.slug})


# ---- What is printed and written --------------------------------------------------------


def _number(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _people(n: int) -> str:
    return f"{n} personne{'s' if n > 1 else ''}"


def summary_lines(results: dict, source: str, params: dict) -> list[str]:
    """The results in plain French: people, axes, how many profiles and why, each profile."""
    lines = [f"Profils de besoins — {source} : {_people(results['respondents'])}, "
             f"{len(results['active'])} questions actives, "
             f"{len(results.get('supplementary') or [])} supplémentaire(s)."]
    lines.append("Axes de l'analyse des correspondances (valeur propre, part de l'inertie, "
                 "part corrigée de Benzécri) :")
    percent = results.get("percent") or []
    corrected = results.get("corrected_percent") or []
    for i, value in enumerate(results["eigenvalues"][:AXES_SHOWN]):
        share = f"{_number(percent[i], 1)} %" if i < len(percent) else "—"
        fixed = f"{_number(corrected[i], 1)} %" if i < len(corrected) else "—"
        lines.append(f"  Axe {i + 1} : {_number(value)} ({share} ; corrigée {fixed})")
    lines.append(_count_line(results, params))
    if results.get("pre_groups"):
        lines.append(f"Pré-regroupement : {results['pre_groups']} groupes k-means avant Ward "
                     "(pour garder la mémoire bornée).")
    if params["consolidation"]:
        lines.append(f"Consolidation par k-means : {_people(results.get('moved', 0))} "
                     f"déplacée{'s' if results.get('moved', 0) > 1 else ''} d'un profil à "
                     "un autre.")
    else:
        lines.append("Sans consolidation par k-means : 0 personne déplacée.")
    for profile in results["profiles"]:
        sentence = profile.get("sentence") or f"Profil {profile.get('number')}"
        lines.append(f"  {sentence} ({_people(profile['size'])})")
    lines += [f"Attention : {warning}" for warning in results.get("warnings") or []]
    return lines


def _count_line(results: dict, params: dict) -> str:
    count = results.get("profiles_count") or len(results["profiles"])
    suggested = results.get("suggested_profiles")
    if params["profiles"]:
        why = "le nombre demandé (--profiles)"
        if suggested and suggested != count:
            why += f" ; les gains d'inertie en proposaient {suggested}"
        return f"{count} profils : {why}."
    return (f"{count} profils, nombre proposé d'après les gains d'inertie (regrouper "
            "davantage ferait perdre nettement plus de ce qui distingue les personnes).")


def json_result(results: dict) -> dict:
    """The issue's keys first, then everything else the computation returned."""
    ordered = {key: results[key] for key in JSON_KEYS}
    ordered.update({key: value for key, value in results.items() if key not in ordered})
    return ordered
