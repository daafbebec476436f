"""`terreau import-sessions PATH --group SLUG [--dry-run]`: import an attendance sheet."""

from django.core.management.base import BaseCommand

from terreau.accounts.models import TerritorialGroup
from terreau.core.management.errors import Erreur
from terreau.core.terminal import ProgressBar, report_write
from terreau.monitoring.imports import SessionsImportRefused, sessions_import


class Command(BaseCommand):
    help = (
        "Importe une feuille de présences (XLSX, ODS ou CSV ; une ligne par personne et par "
        "séance : date, séance, type, durée en heures, nom — ou « habitant » pour un·e "
        "habitant·e compté·e sans nom —, structure, mission). Tout est vérifié d'abord : à "
        "la moindre erreur, rien n'est écrit et la commande sort en erreur. Réimporter le "
        "même fichier remplace les présences des séances déjà enregistrées (même date, même "
        "intitulé) au lieu de les doubler."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="feuille de présences (.xlsx, .ods ou .csv)")
        parser.add_argument("--group", required=True,
                            help="identifiant du groupe (ex. tours-insertion)")
        parser.add_argument("--dry-run", action="store_true",
                            help="vérifier et afficher le compte rendu sans rien écrire")
        parser.add_argument("--report-format", choices=["text", "json"], default="text",
                            help="format du compte rendu")

    def handle(self, *args, **options):
        group = TerritorialGroup.objects.filter(slug=options["group"]).first()
        if group is None:
            raise Erreur(f"Groupe inconnu : « {options['group']} ». Rien n'a été écrit.")
        out = options["report_format"]
        try:
            with ProgressBar(self.stderr, enabled=options["verbosity"] > 0) as bar:
                report = sessions_import(options["path"], group=group,
                                         dry_run=options["dry_run"], progress=bar)
        except SessionsImportRefused as error:
            report_write(self.stdout, error.report.as_dict(), error.report.lines(), out)
            raise Erreur(str(error)) from error
        report_write(self.stdout, report.as_dict(), report.lines(), out)
