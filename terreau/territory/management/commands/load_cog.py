"""`terreau load-cog v_commune_2024.csv`: load INSEE's old commune codes as zone aliases."""

from django.core.management.base import BaseCommand

from terreau.core.management.errors import Erreur
from terreau.territory.vintages import VintageError, aliases_load_cog


class Command(BaseCommand):
    help = ("Charge la table des communes du COG de l'INSEE (v_commune_AAAA.csv) : communes "
            "déléguées, associées et arrondissements municipaux, rattachés à leur commune. Les "
            "imports s'en servent pour reconnaître les codes d'un autre millésime. Relancer la "
            "commande ne duplique rien.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier v_commune_AAAA.csv de l'INSEE")
        parser.add_argument("--vintage", type=int, help="millésime (lu dans le nom sinon)")

    def handle(self, *args, path, vintage, **options):
        try:
            report = aliases_load_cog(path, vintage)
        except VintageError as error:
            raise Erreur(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
