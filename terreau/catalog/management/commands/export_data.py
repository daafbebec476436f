"""`terreau export-data --dataset SLUG`: write a dataset's values in long format."""

from django.core.management.base import BaseCommand

from terreau.catalog.audit import dataset_export_record
from terreau.catalog.choices import MissingReason
from terreau.catalog.models import Dataset
from terreau.catalog.queries import SeriesNotFound, version_get, version_long_rows
from terreau.core.audit import command_line_actor
from terreau.core.exports import write_csv, write_xlsx
from terreau.core.management.errors import Erreur

HEADER = ["zone", "variable", "period", "value", "reason"]


class Command(BaseCommand):
    help = (
        "Écrit les valeurs d'un jeu de données (une ligne par zone, variable et période ; "
        "case vide = pas de valeur, avec sa raison) en CSV ou XLSX, sur la sortie standard "
        "ou dans un fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True, help="identifiant du jeu de données")
        # --version here is the dataset's version, not Django's: let ours replace it (argparse
        # checks the conflict in the group of optional arguments too).
        parser.conflict_handler = parser._optionals.conflict_handler = "resolve"
        parser.add_argument("--version", type=int, help="numéro de version (défaut : la "
                                                        "dernière)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="fichier à écrire (défaut : sortie standard, CSV "
                                             "seulement)")

    def handle(self, *args, dataset, version, format, output, **options):
        found = Dataset.objects.filter(slug=dataset).first()
        if found is None:
            raise Erreur(f"Jeu de données inconnu : « {dataset} ».")
        try:
            chosen = version_get(found, version)
        except SeriesNotFound as error:
            raise Erreur(str(error)) from error
        rows = ((code, slug, period, value, reason_label(reason, value))
                for code, slug, period, value, reason in version_long_rows(chosen))
        if format == "xlsx":
            if not output:
                raise Erreur("Le format xlsx s'écrit dans un fichier : ajoutez --output.")
            with open(output, "wb") as handle:
                count = write_xlsx(handle, HEADER, rows, sheet=found.slug)
        elif output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = write_csv(handle, HEADER, rows)
        else:
            self.stdout.ending = ""  # csv ends its own lines
            count = write_csv(self.stdout, HEADER, rows)
        dataset_export_record(dataset=found, version=chosen, fmt=format, rows=count,
                              actor=command_line_actor(), file=output or "sortie standard")
        if output:
            self.stderr.write(f"{count} lignes écrites dans {output} (version {chosen.number}).")


# Why a cell is empty, as the markers people know; "-" is written "so" (sans objet) because a
# cell starting with "-" would be neutralised as a possible formula.
REASONS = {MissingReason.EMPTY: "vide", MissingReason.SECRET: "s",
           MissingReason.NOT_AVAILABLE: "nd", MissingReason.NOT_CONCERNED: "nc",
           MissingReason.DASH: "so"}


def reason_label(reason: int, value) -> str:
    """Return the marker of an empty cell ("" when the cell has a value)."""
    return "" if value is not None else REASONS.get(reason, "")
