"""`terreau import-zones PATH --level commune`: import a file of zone contours."""

from django.core.management.base import BaseCommand

from terreau.core.management.errors import Erreur
from terreau.core.terminal import ProgressBar, report_write
from terreau.territory.choices import Level
from terreau.territory.services import ZoneImportError, zones_import


class Command(BaseCommand):
    help = (
        "Importe des zones (communes, IRIS…) depuis un fichier de contours : GeoJSON, "
        "GeoPackage, Shapefile seul ou zippé. Réimporter un niveau met ses zones à jour. "
        "En cas d'erreur, rien n'est modifié."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier à importer (.geojson, .gpkg, .shp, .zip, .gz)")
        parser.add_argument("--level", required=True, choices=Level.values,
                            help="niveau des zones : " + ", ".join(Level.values))
        parser.add_argument("--code-field", help="champ qui contient le code INSEE (détecté "
                                                 "s'il a un nom usuel : code, INSEE_COM…)")
        parser.add_argument("--name-field", help="champ qui contient le nom (détecté sinon)")
        parser.add_argument("--crs", help="système de coordonnées du fichier s'il ne le déclare "
                                          "pas, par exemple EPSG:2154 (Lambert-93)")
        parser.add_argument("--vintage", type=int, help="millésime de la géographie, ex. 2024")
        parser.add_argument("--source", default="", help="source à noter (défaut : le fichier)")
        parser.add_argument("--format", choices=["text", "json"], default="text",
                            help="format du compte rendu (text ou json)")

    def handle(self, *args, path, level, code_field, name_field, crs, vintage, source, format,
               **options):
        try:
            with ProgressBar(self.stderr, enabled=options["verbosity"] > 0) as bar:
                report = zones_import(
                    path=path, level=level, code_field=code_field, name_field=name_field,
                    crs=crs, vintage=vintage, source=source, progress=bar,
                )
        except ZoneImportError as error:
            raise Erreur(f"Import annulé, aucune zone modifiée. {error}") from error
        report_write(self.stdout, report.as_dict(), report.lines(), format)
