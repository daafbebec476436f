"""`terreau bilan --group SLUG --year N --format json|xlsx|pdf [-o OUT] [--names]`: the
yearly report of a group (or of the whole project with --project)."""

import json
import sys

from django.core.management.base import BaseCommand

from terreau.accounts.models import TerritorialGroup
from terreau.core.audit import command_line_actor
from terreau.core.management.errors import Erreur
from terreau.monitoring.queries import project_years
from terreau.monitoring.report import report_build, report_names_record
from terreau.monitoring.report_pdf import report_pdf
from terreau.monitoring.report_xlsx import report_xlsx

FORMATS = ("json", "xlsx", "pdf")


class Command(BaseCommand):
    help = ("Écrit le bilan annuel d'un groupe (ou du projet entier avec --project) : "
            "objectifs et réalisations, séances, heures de présence, participants, actions et "
            "évaluations, leviers et freins, améliorations prévues. En JSON, le bilan "
            "s'affiche si aucun fichier n'est donné. Les noms des participants n'y sont "
            "qu'avec --names (inscrit au journal des accès).")

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--group", metavar="SLUG", help="identifiant du groupe")
        who.add_argument("--project", action="store_true",
                         help="le projet entier (tous les groupes, chiffres par groupe)")
        parser.add_argument("--year", type=int, required=True, metavar="N",
                            help="année du projet (1, 2…) ou année civile où elle commence "
                                 "(2025)")
        parser.add_argument("--format", default="json", choices=FORMATS,
                            help="json (défaut), xlsx ou pdf")
        parser.add_argument("-o", "--output", metavar="FICHIER",
                            help="fichier à écrire (défaut : la sortie standard)")
        parser.add_argument("--names", action="store_true",
                            help="ajouter les noms des présent·es (feuilles de présence)")

    def handle(self, *args, group, project, year, format, output, names, **options):
        target = None
        if not project:
            target = TerritorialGroup.objects.filter(slug=group).first()
            if target is None:
                raise Erreur(f"Groupe inconnu : « {group} ».")
        years = project_years(target)
        index = years.resolve(year)
        if index is None:
            starts = ", ".join(str(years.bounds(i)[0].year) for i in range(1, years.count + 1))
            raise Erreur(f"L'année {year} n'est pas une année du projet : donnez un numéro de "
                         f"1 à {years.count} ou l'année civile où elle commence ({starts}).")
        report = report_build(target, index, with_names=names)
        if format == "json":
            text = json.dumps(report, ensure_ascii=False, indent=2)
            data = text.encode()
        else:
            data = report_xlsx(report) if format == "xlsx" else report_pdf(report)
        if output:
            with open(output, "wb") as file:
                file.write(data)
            self.stderr.write(f"Bilan de l'{report['year_label'].lower()} écrit dans {output}.")
        elif format == "json":
            self.stdout.write(text)
        elif sys.stdout.isatty():
            raise Erreur(f"Un fichier {format.upper()} ne s'affiche pas : ajoutez -o FICHIER.")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        if names:
            report_names_record(report, fmt=format, actor=command_line_actor(),
                                file=output or "sortie standard")
