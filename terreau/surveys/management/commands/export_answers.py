"""`terreau export-answers SLUG -o OUT.csv`: a questionnaire's answers, for the group's use."""

import sys

from django.core.management.base import BaseCommand

from terreau.core.audit import command_line_actor
from terreau.core.exports import write_csv
from terreau.core.management.errors import Erreur
from terreau.surveys.imports import export_record, export_rows
from terreau.surveys.models import Questionnaire


class Command(BaseCommand):
    help = ("Écrit les réponses d'un questionnaire en CSV : une ligne par réponse, une colonne "
            "par question, une colonne 0/1 par choix d'une question à choix multiples. Ce sont "
            "des données personnelles du groupe : l'export est inscrit au journal d'audit.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help="identifiant du questionnaire")
        parser.add_argument("-o", "--output", metavar="FICHIER",
                            help="fichier CSV à écrire (défaut : la sortie standard)")

    def handle(self, *args, slug, output, **options):
        questionnaire = Questionnaire.objects.select_related("group").filter(slug=slug).first()
        if questionnaire is None:
            raise Erreur(f"Questionnaire inconnu : « {slug} ».")
        header, rows, _ = export_rows(questionnaire)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = write_csv(handle, header, rows)
            self.stderr.write(f"{count} réponse(s) écrite(s) dans {output}.")
        else:
            count = write_csv(sys.stdout, header, rows)
            sys.stdout.flush()
        export_record(questionnaire, rows=count, actor=command_line_actor(),
                      file=output or "sortie standard")
