"""`terreau export-xlsform SLUG -o OUT.xlsx [--version N]`: a questionnaire version (the
latest by default) written as an XLSForm that KoboToolbox and ODK read."""

from pathlib import Path

from django.core.management.base import BaseCommand

from terreau.core.management.errors import Erreur
from terreau.surveys.models import Questionnaire
from terreau.surveys.xlsform import xlsform_write


class Command(BaseCommand):
    help = ("Écrit un questionnaire au format XLSForm (.xlsx : feuilles survey, choices, "
            "settings), la dernière version ou celle que nomme --version.")

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the questionnaire's version here, not Django's.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="QUESTIONNAIRE", help="identifiant du questionnaire")
        parser.add_argument("-o", "--output", required=True, metavar="FICHIER",
                            help="le fichier .xlsx à écrire")
        parser.add_argument("--version", type=int, default=None, metavar="N",
                            help="numéro de version (la dernière par défaut)")

    def handle(self, *args, **options):
        questionnaire = Questionnaire.objects.filter(slug=options["slug"]).first()
        if questionnaire is None:
            raise Erreur(f"Questionnaire introuvable : « {options['slug']} ».")
        number = options["version"]
        version = (questionnaire.versions.filter(number=number).first() if number is not None
                   else questionnaire.latest_version())
        if version is None:
            raise Erreur(f"« {questionnaire.slug} » n'a pas de version {number or ''}.".replace(
                " .", "."))
        output = Path(options["output"])
        output.write_bytes(xlsform_write(version.definition))
        self.stdout.write(f"{output} : « {questionnaire.title} », version {version.number}.")
