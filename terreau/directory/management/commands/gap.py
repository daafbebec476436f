"""`terreau gap --theme SLUG --need INDICATOR --level commune|iris [--within CODE]
--format csv|json`: the table of a gap map on standard output.

Per zone: the need (the indicator's value), the services of the theme whose eligibility
covers the zone, the distance to the nearest one, the rank (high need with low offer first)
and the reasons in French (gap.py explains the rules). As `terreau render-map` does, the
command reads indicators of open or shared data by itself; for a group's indicator, --user
names a person who may see it. Bad input stops with a French message, exit status 1.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from terreau.atlas.queries import open_or_shared_only
from terreau.core.exports import write_csv
from terreau.core.management.errors import Erreur
from terreau.indicators.management.operator import command_line_user
from terreau.indicators.models import Indicator

from ...gap_needs import GapError
from ...gap_queries import LEVELS, GapSpec, gap_run, table_records

FORMATS = ("csv", "json")
COLUMNS = ("zone", "name", "need", "eligible_services", "nearest_km", "rank", "reasons")


class Command(BaseCommand):
    help = (
        "Affiche le tableau d'une carte des besoins sans réponse : pour chaque zone, le besoin "
        "(un indicateur), les services du thème dont la zone d'éligibilité la couvre, la "
        "distance au plus proche, le rang (besoin fort et offre faible d'abord) et les "
        "raisons. Colonnes : zone, name, need, eligible_services, nearest_km, rank, reasons.")

    def add_arguments(self, parser):
        parser.add_argument("--theme", default="", metavar="SLUG",
                            help="thématique data·inclusion (numerique--…) ou famille "
                                 "(numerique)")
        parser.add_argument("--need", default="", metavar="INDICATEUR",
                            help="identifiant de l'indicateur du besoin")
        parser.add_argument("--level", default="commune", metavar="NIVEAU",
                            help="commune (défaut) ou iris")
        parser.add_argument("--within", default="", metavar="TERRITOIRE",
                            help="seulement les zones de ce territoire : 37, "
                                 "commune:37261 (ses IRIS), vecu:12")
        parser.add_argument("--format", default="", metavar="FORMAT", help="csv ou json")
        parser.add_argument("--user", default="", metavar="NOM",
                            help="calculer comme cette personne (indicateur d'un groupe)")

    def handle(self, *args, **options):
        fmt = options["format"].strip().lower()
        if fmt not in FORMATS:
            raise Erreur(f"Option --format : {fmt or 'absente'} ; choisissez csv ou json.")
        level = options["level"].strip().lower()
        if level not in LEVELS:
            raise Erreur(f"Option --level : « {level} » ; choisissez commune ou iris.")
        slug = options["need"].strip()
        if not slug:
            raise Erreur("Option --need manquante : donnez l'identifiant d'un indicateur.")
        if not options["theme"].strip():
            raise Erreur("Option --theme manquante : donnez une thématique (ex. numerique).")
        user = self._user(options["user"].strip(), slug)
        spec = GapSpec(options["theme"].strip(), {"kind": "indicator", "indicator": slug},
                       level, options["within"].strip())
        try:
            result = gap_run(spec, user=user)
        except GapError as error:
            raise Erreur(str(error)) from None
        records = table_records(result)
        if fmt == "json":
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=1))
        else:
            write_csv(self.stdout, COLUMNS, ([r[c] for c in COLUMNS] for r in records))

    def _user(self, username: str, slug: str):
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise Erreur(f"Option --user : personne inconnue « {username} ».")
            return user
        indicator = Indicator.objects.filter(slug=slug).first()
        if indicator is None:
            raise Erreur(f"Indicateur introuvable : « {slug} ».")
        if not open_or_shared_only(indicator):
            raise Erreur(f"« {slug} » utilise des données de groupe ou restreintes : précisez "
                         "--user NOM, une personne qui peut les voir.")
        return command_line_user()
