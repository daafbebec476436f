"""`terreau import-services PATH --format FORMAT`: import a published directory of services."""

from pathlib import Path

from django.core.management.base import BaseCommand

from terreau.accounts.models import TerritorialGroup
from terreau.core.management.errors import Erreur
from terreau.core.terminal import ProgressBar, report_write
from terreau.directory.importers import FORMATS, ReadError, read_file
from terreau.directory.importers.table import PRESETS, mapping_load
from terreau.directory.imports import ImportRefused, import_apply, import_report


class Command(BaseCommand):
    help = (
        "Importe un annuaire de structures et de services (export data·inclusion, lieux de "
        "médiation numérique, liste France services, ou tableau avec correspondance de "
        "colonnes). Le fichier est vérifié d'abord : si une fiche a une erreur bloquante, rien "
        "n'est écrit et la commande sort en erreur. Les doublons (même identifiant, même SIRET, "
        "même nom à la même adresse) sont fusionnés au lieu d'être créés."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier (ou dossier data·inclusion) à importer")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="file_format",
                            help="format du fichier : " + ", ".join(FORMATS))
        parser.add_argument("--mapping", help="correspondance des colonnes (format table) : "
                            "fichier JSON {\"nom\": \"NOM\", …} ou CSV champ;colonne, ou une "
                            "correspondance toute faite : " + ", ".join(PRESETS))
        parser.add_argument("--source", default="", help="nom de la source quand le fichier "
                            "ne le dit pas, ex. pole-emploi")
        parser.add_argument("--group", help="identifiant du groupe qui tiendra ces fiches "
                            "(sinon : toute l'instance)")
        parser.add_argument("--dry-run", action="store_true",
                            help="vérifier et afficher le compte rendu sans rien écrire")
        parser.add_argument("--geocode", action="store_true",
                            help="chercher les positions manquantes avec le géocodeur national "
                            "(machine en ligne)")
        parser.add_argument("--leave-out-refused", action="store_true",
                            help="laisser de côté les fiches refusées (listées) et importer "
                            "les autres")
        parser.add_argument("--report-format", choices=["text", "json"], default="text",
                            help="format du compte rendu")

    def handle(self, *args, **options):
        group = self.group(options["group"])
        try:
            mapping = mapping_load(options["mapping"]) if options["mapping"] else None
            records = read_file(options["path"], options["file_format"], mapping=mapping,
                                source=options["source"])
        except ReadError as error:
            raise Erreur(f"{error} Rien n'a été écrit.") from error
        out = options["report_format"]
        if options["dry_run"]:
            report = import_report(records, group=group, geocode=options["geocode"])
            report_write(self.stdout, report.as_dict(), report.lines(), out)
            if report.blocking:
                raise Erreur(report.refusal())
            return
        try:
            with ProgressBar(self.stderr, enabled=options["verbosity"] > 0) as bar:
                report = import_apply(records, group=group, user=None, progress=bar,
                                      geocode=options["geocode"],
                                      leave_out_refused=options["leave_out_refused"],
                                      note=f"Import de {Path(options['path']).name}")
        except ImportRefused as error:
            report_write(self.stdout, error.report.as_dict(), error.report.lines(), out)
            raise Erreur(str(error)) from error
        report_write(self.stdout, report.as_dict(), report.lines(), out)

    def group(self, slug: str | None):
        if not slug:
            return None
        group = TerritorialGroup.objects.filter(slug=slug).first()
        if group is None:
            raise Erreur(f"Groupe inconnu : « {slug} ». Rien n'a été écrit.")
        return group
