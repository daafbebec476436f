"""`terreau import-data PATH --dataset SLUG --level commune`: import a table of statistics."""

from django.core.management.base import BaseCommand

from terreau.catalog.assembly import changes_lines
from terreau.catalog.choices import Sensitivity, VariableKind
from terreau.catalog.services import DataImportError, ImportPlan, dataset_import
from terreau.catalog.validation import ValidationReport
from terreau.core.management.errors import Erreur
from terreau.core.terminal import ProgressBar, report_write
from terreau.territory.choices import Level


class Command(BaseCommand):
    help = (
        "Importe un tableau de statistiques (CSV, TSV, TXT, XLSX, XLS, ODS, CSV zippé) comme "
        "nouvelle version d'un jeu de données. Le fichier est vérifié d'abord : s'il est refusé, "
        "rien n'est écrit et la commande sort en erreur."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier à importer")
        parser.add_argument("--dataset", required=True, help="identifiant du jeu de données")
        parser.add_argument("--level", required=True, choices=Level.values,
                            help="niveau des zones : " + ", ".join(Level.values))
        parser.add_argument("--period", help="période des valeurs, ex. 2020")
        parser.add_argument("--period-column", help="colonne des périodes (format long)")
        parser.add_argument("--code-column", help="colonne des codes (détectée sinon : CODGEO, "
                                                  "IRIS, COM, code…)")
        parser.add_argument("--sheet", help="feuille du classeur (ou fichier de l'archive zip)")
        parser.add_argument("--header-row", type=int, help="numéro de la ligne d'en-tête")
        parser.add_argument("--kind", action="append", default=[], metavar="COLONNE=NATURE",
                            help="nature d'une colonne (répétable) : "
                                 + ", ".join(VariableKind.values))
        parser.add_argument("--accept-unknown-codes", action="store_true",
                            help="laisser de côté les lignes dont le code n'est pas une zone")
        parser.add_argument("--title", default="", help="titre du jeu (à la création)")
        parser.add_argument("--holder", default="", help="producteur, ex. INSEE")
        parser.add_argument("--source-url", default="", help="lien vers la source")
        parser.add_argument("--licence", default="", help="licence, ex. Licence Ouverte 2.0")
        parser.add_argument("--vintage", default="", help="millésime des données")
        parser.add_argument("--sensitivity", choices=Sensitivity.values,
                            help="open, shared, group ou restricted")
        parser.add_argument("--group", help="identifiant du groupe propriétaire")
        parser.add_argument("--format", choices=["text", "json"], default="text",
                            help="format du compte rendu")

    def handle(self, *args, **options):
        plan = ImportPlan(
            dataset_slug=options["dataset"], level=options["level"], period=options["period"],
            period_column=options["period_column"], code_column=options["code_column"],
            sheet=options["sheet"], header_row=options["header_row"],
            kinds=parse_kinds(options["kind"]),
            accept_unknown_codes=options["accept_unknown_codes"], title=options["title"],
            holder=options["holder"], source_url=options["source_url"],
            licence=options["licence"], vintage=options["vintage"],
            sensitivity=options["sensitivity"], owner_group=options["group"],
        )
        try:
            with ProgressBar(self.stderr, enabled=options["verbosity"] > 0) as bar:
                version = dataset_import(path=options["path"], plan=plan, progress=bar)
        except DataImportError as error:
            report_write(self.stdout, error.report.as_dict(), error.report.lines(),
                         options["format"])
            raise Erreur("Import refusé : rien n'a été écrit.") from error
        lines = [*self.report_lines(version), *changes_lines(version.changes)]
        data = {"dataset": version.dataset.slug, "version": version.number,
                "report": version.report, "changes": version.changes}
        report_write(self.stdout, data, lines, options["format"])

    def report_lines(self, version) -> list[str]:
        report = ValidationReport.from_dict(version.report)
        return [f"Jeu « {version.dataset.slug} », version {version.number} enregistrée.",
                *report.lines()]


def parse_kinds(values: list[str]) -> dict[str, str]:
    """Turn ["MED19=median", ...] into {"MED19": "median"}; refuse other shapes."""
    kinds = {}
    for value in values:
        column, sep, kind = value.partition("=")
        if not sep or not column.strip() or kind.strip() not in VariableKind.values:
            raise Erreur(f"--kind {value} : écrivez COLONNE=NATURE, avec une nature parmi "
                         f"{', '.join(VariableKind.values)}.")
        kinds[column.strip()] = kind.strip()
    return kinds
