"""`terreau derive-zones --cog v_commune_2024.csv`: merge old contours into communes nouvelles."""

from django.core.management.base import BaseCommand

from terreau.core.management.errors import Erreur
from terreau.territory import cog
from terreau.territory.models import ZoneAlias
from terreau.territory.vintages import (
    VintageError,
    aliases_load_cog,
    merges_pending,
    zones_derive_vintage,
)


class Command(BaseCommand):
    help = ("Dérive les communes d'un millésime plus récent du COG en fusionnant les contours "
            "des anciennes communes (anciens codes chargés avec load-cog ou --cog). Les "
            "anciennes zones fusionnées sont remplacées ; leurs codes restent connus comme "
            "anciens codes.")

    def add_arguments(self, parser):
        parser.add_argument("--cog", dest="cog_path",
                            help="v_commune_AAAA.csv : charge ses anciens codes et donne leur "
                                 "nom aux communes dérivées")
        parser.add_argument("--vintage", type=int,
                            help="millésime visé (défaut : celui du fichier, ou le plus récent "
                                 "chargé)")
        parser.add_argument("--dry-run", action="store_true",
                            help="lister les fusions sans rien modifier")

    def handle(self, *args, cog_path, vintage, dry_run, **options):
        names = {}
        try:
            if cog_path:
                vintage = vintage or cog.vintage_from_name(cog_path)
                aliases_load_cog(cog_path, vintage)
                names = {e.code: e.name for e in cog.read_commune_table(cog_path)
                         if e.kind == "COM"}
            vintage = vintage or max(ZoneAlias.objects.values_list("vintage", flat=True),
                                     default=None)
            pending = merges_pending(vintage=vintage) if vintage else []
            if not pending:
                self.stdout.write("Aucune fusion à faire : vos communes suivent déjà ce COG.")
                return
            for merge in pending:
                self.stdout.write(f"{merge.code} {names.get(merge.code, merge.name)} ← "
                                  f"{', '.join(merge.members)}")
            if dry_run:
                return
            report = zones_derive_vintage("commune", vintage,
                                          {m.code: m.members for m in pending}, names=names)
        except (VintageError, cog.CogFileError) as error:
            raise Erreur(str(error)) from error
        self.stdout.write(report.lines()[0])
