"""`terreau export-indicator SLUG --level commune`: write an indicator's values to a file."""

import io
import sys

from django.core.management.base import BaseCommand

from terreau.core.audit import command_line_actor
from terreau.core.management.errors import Erreur
from terreau.indicators.audit import indicator_export_record
from terreau.indicators.exports import FORMATS, export_write
from terreau.indicators.management.operator import command_line_user
from terreau.indicators.models import Indicator
from terreau.indicators.queries import indicator_is_exportable, indicator_values
from terreau.indicators.values import IndicatorUnavailable
from terreau.territory.choices import Level


class Command(BaseCommand):
    help = ("Écrit les valeurs d'un indicateur : colonnes zone, name, level, period, value, "
            "une ligne par zone puis une par territoire de référence (département, région, "
            "sélection), calculés en additionnant les composantes. Une valeur absente est une "
            "case vide, jamais 0. Les données de groupe ou restreintes ne sortent pas.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help="identifiant de l'indicateur")
        parser.add_argument("--level", default=Level.COMMUNE, choices=Level.values,
                            help="niveau des zones (commune)")
        parser.add_argument("--within", default="", metavar="CODE",
                            help="seulement les zones de ce territoire : 37, departement:24")
        parser.add_argument("--period", help="période (la plus récente par défaut)")
        parser.add_argument("--format", default="csv", choices=FORMATS, help="csv ou xlsx")
        parser.add_argument("--output", metavar="FICHIER",
                            help="fichier à écrire (défaut : la sortie standard)")

    def handle(self, *args, slug, level, within, period, format, output, **options):
        indicator = Indicator.objects.filter(slug=slug).first()
        if indicator is None:
            raise Erreur(f"Indicateur inconnu : « {slug} ».")
        user = command_line_user()
        if not indicator_is_exportable(indicator, user):
            raise Erreur(f"« {slug} » utilise des données de groupe ou restreintes : elles ne "
                         "sortent pas de Terreau sous forme de fichier.")
        try:
            result = indicator_values(indicator, level=level, within=within, period=period,
                                      user=user)
        except IndicatorUnavailable as error:
            raise Erreur(str(error)) from None
        handle = io.BytesIO() if format == "xlsx" else io.StringIO()
        count = export_write(result, format, handle)
        data = handle.getvalue()
        if output:
            mode = "wb" if format == "xlsx" else "w"
            with open(output, mode, **({} if format == "xlsx" else {"encoding": "utf-8",
                                                                     "newline": ""})) as file:
                file.write(data)
            self.stderr.write(f"{count} lignes écrites dans {output}.")
        elif format == "xlsx":
            if sys.stdout.isatty():
                raise Erreur("Un fichier XLSX ne s'affiche pas : ajoutez --output FICHIER.")
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            self.stdout.write(data, ending="")
        indicator_export_record(indicator=indicator, result=result, fmt=format, rows=count,
                                actor=command_line_actor(), file=output or "sortie standard")
