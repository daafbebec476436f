"""`terreau import-answers PATH --questionnaire SLUG [--dry-run]`: answers from KoboToolbox/ODK."""

from pathlib import Path

from django.core.management.base import BaseCommand

from terreau.core.management.errors import Erreur
from terreau.surveys.imports import answers_import
from terreau.surveys.models import Questionnaire
from terreau.surveys.services import SurveyError


class Command(BaseCommand):
    help = ("Importe les réponses d'un export KoboToolbox ou ODK (CSV ou XLSX) dans un "
            "questionnaire. Le fichier est d'abord vérifié en entier : si une ligne est "
            "refusée, rien n'est écrit et le rapport dit quelle ligne et quelle colonne. Les "
            "réponses déjà importées (même _uuid) sont ignorées.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="export Kobo/ODK (.csv ou .xlsx)")
        parser.add_argument("--questionnaire", required=True, metavar="SLUG",
                            help="identifiant du questionnaire")
        parser.add_argument("--dry-run", action="store_true",
                            help="vérifier et afficher le rapport sans rien écrire")

    def handle(self, *args, path, questionnaire, dry_run, **options):
        target = Questionnaire.objects.filter(slug=questionnaire).first()
        if target is None:
            raise Erreur(f"Questionnaire inconnu : « {questionnaire} ».")
        if not path.is_file():
            raise Erreur(f"Fichier introuvable : {path}.")
        try:
            # No upload limit here: whoever runs the command already has the file.
            report = answers_import(path, target, dry_run=dry_run, max_bytes=None)
        except SurveyError as error:
            raise Erreur(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
        if report.refused:
            raise Erreur(f"{len(report.problems)} problème(s) : rien n'a été importé.")
