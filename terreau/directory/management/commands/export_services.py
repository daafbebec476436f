"""`terreau export-services [--group SLUG] --format datainclusion-json|datainclusion-csv -o OUT`:
write the directory in the data·inclusion v1 format (export.py says what is left out)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from terreau.accounts.models import TerritorialGroup
from terreau.core.audit import command_line_actor
from terreau.core.management.errors import Erreur

from ...export import FORMATS, export_build, export_bytes, export_record
from ...vocabularies import vocabularies_cached


class Command(BaseCommand):
    help = ("Écrit l'annuaire (structures et services) au format data·inclusion v1 : JSON "
            "{\"structures\": [...], \"services\": [...]} ou ZIP de deux CSV. Les structures "
            "d'exemple et les fiches fermées ne sortent pas ; les thèmes propres aux groupes "
            "sont retirés ; chaque fiche est vérifiée par le schéma JSON. Le compte rendu "
            "s'écrit sur la sortie d'erreur.")

    def add_arguments(self, parser):
        parser.add_argument("--group", metavar="SLUG",
                            help="les structures tenues par ce groupe (défaut : tout l'annuaire)")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("-o", "--output", metavar="FICHIER",
                            help="fichier à écrire (défaut : la sortie standard, JSON seulement)")

    def handle(self, *args, group, format, output, **options):
        chosen = None
        if group:
            chosen = TerritorialGroup.objects.filter(slug=group).first()
            if chosen is None:
                raise Erreur(f"Groupe inconnu : « {group} ».")
        if not output and format != "datainclusion-json":
            raise Erreur("Le format datainclusion-csv est un ZIP : ajoutez -o FICHIER.zip.")
        with vocabularies_cached():
            export = export_build(chosen)
        content = export_bytes(export, format)
        if output:
            try:
                Path(output).write_bytes(content)
            except OSError as error:
                raise Erreur(f"Impossible d'écrire « {output} » : {error.strerror}.") from None
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        export_record(group=chosen, fmt=format, report=export.report,
                      actor=command_line_actor(), file=output or "sortie standard")
        for line in export.report.lines():
            self.stderr.write(line)
        if output:
            self.stderr.write(f"Écrit dans {output}.")
