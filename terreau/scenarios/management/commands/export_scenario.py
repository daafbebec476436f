"""`terreau export-scenario SLUG --format html|pdf -o OUT [--group GROUP_SLUG]`.

Writes the same files as the reader's buttons "Emporter hors ligne (HTML)" and "PDF", with
the same rule (rules.export_refusal): without --group, only a scenario whose data may leave
its group (open or shared data); with --group naming the scenario's own group, its group
data too (the file is for that group); restricted data never.

Who computes the maps: the operator (`command_line_user`, as `terreau render-map` does for
open data). Shell access is database access, so no member has to be named; the refusal
above is checked first, so the operator only reads what the scenario's steps name and the
rule lets out: open or shared data, and with --group that group's own data and territories.
People's names (status history) are written only in a file made for the group.
"""

import os

from django.core.management.base import BaseCommand

from terreau.accounts.models import TerritorialGroup
from terreau.core.audit import command_line_actor
from terreau.core.management.errors import Erreur
from terreau.indicators.management.operator import command_line_user
from terreau.scenarios.models import Scenario
from terreau.scenarios.offline import export_audit, scenario_offline_html
from terreau.scenarios.pdf import scenario_pdf
from terreau.scenarios.rules import export_refusal, scenario_blockers

FORMATS = ("html", "pdf")


class Command(BaseCommand):
    help = ("Écrit un scénario dans un fichier, comme les boutons du lecteur : HTML autonome "
            "qui s'ouvre sans réseau (cartes, récits, hypothèses), ou PDF. Un scénario dont "
            "les données ne peuvent pas sortir de son groupe est refusé, sauf avec --group "
            "qui nomme ce groupe ; les données restreintes ne sortent jamais. Chaque fichier "
            "est noté au journal d'audit.")

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="SCENARIO", help="identifiant du scénario")
        parser.add_argument("--format", default="", metavar="FORMAT",
                            help="html ou pdf (obligatoire)")
        parser.add_argument("-o", "--output", default="", metavar="FICHIER",
                            help="fichier à écrire (obligatoire)")
        parser.add_argument("--group", default="", metavar="GROUPE",
                            help="identifiant du groupe du scénario : le fichier est pour lui "
                                 "et peut contenir ses données de groupe")

    def handle(self, *args, **options):
        fmt = options["format"].strip().lower()
        if fmt not in FORMATS:
            raise Erreur(f"Option --format : {fmt or 'absente'} ; choisissez html ou pdf.")
        output = options["output"].strip()
        if not output:
            raise Erreur("Option -o manquante : le fichier à écrire.")
        scenario = Scenario.objects.select_related("group").filter(slug=options["slug"]).first()
        if scenario is None:
            raise Erreur(f"Scénario introuvable : « {options['slug']} ».")
        for_group = self._for_group(scenario, options["group"].strip())
        refusal = export_refusal(scenario_blockers(scenario), for_group=for_group)
        if refusal:
            raise Erreur(refusal)
        user = command_line_user()
        make = scenario_pdf if fmt == "pdf" else scenario_offline_html
        content = make(scenario, user, names=for_group)
        try:
            with open(output, "wb") as file:
                file.write(content)
        except OSError as error:
            raise Erreur(f"Impossible d'écrire {output} : {error.strerror}.") from None
        export_audit(scenario, fmt, actor=command_line_actor(), file=os.path.basename(output))
        self.stderr.write(f"Scénario écrit dans {output} ({len(content)} octets).")

    def _for_group(self, scenario: Scenario, slug: str) -> bool:
        if not slug:
            return False
        group = TerritorialGroup.objects.filter(slug=slug).first()
        if group is None:
            raise Erreur(f"Option --group : groupe inconnu « {slug} ».")
        if group.pk != scenario.group_id:
            raise Erreur(f"Option --group : le scénario « {scenario.slug} » appartient au "
                         f"groupe « {scenario.group.slug} », pas à « {slug} » : ses données "
                         "de groupe ne sortent que pour lui.")
        return True
