"""`terreau demo`: migrate, load the demo territory, groups and accounts, then serve."""

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from terreau.core.demo import (
    DEMO_ACCOUNTS,
    DEMO_GROUPS,
    DemoError,
    Output,
    data_dir_find,
    demo_load,
)
from terreau.core.management.errors import Erreur
from terreau.territory.choices import Level

# How to count zones of each level in a sentence ("1776 communes", "106 IRIS").
LEVEL_COUNTED = {Level.REGION: ("région", "régions"),
                 Level.DEPARTEMENT: ("département", "départements"),
                 Level.EPCI: ("EPCI", "EPCI"), Level.COMMUNE: ("commune", "communes"),
                 Level.IRIS: ("IRIS", "IRIS"), Level.QPV: ("QPV", "QPV"),
                 Level.CUSTOM: ("zone personnalisée", "zones personnalisées")}


def level_label(level: str, count: int) -> str:
    """Return "communes", "IRIS", "région"... for `count` zones of `level`."""
    singular, plural = LEVEL_COUNTED.get(level, (level, level))
    return plural if count > 1 else singular


class Command(BaseCommand):
    help = (
        "Charge la démonstration (région Centre-Val de Loire, ses départements et communes, "
        "les IRIS de Tours, Joué-lès-Tours, Vierzon et Blois, trois groupes et un compte par "
        "rôle), puis sert Terreau. Relancer la commande met à jour, sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data", metavar="DOSSIER",
                            help="dossier des données ouvertes (défaut : TERREAU_DATA_DIR, "
                                 "sinon ../shared/data à côté du dépôt, sinon téléchargement)")
        parser.add_argument("--download", action="store_true",
                            help="télécharger les contours depuis geo.api.gouv.fr même si un "
                                 "dossier de données existe")
        parser.add_argument("--no-iris-contours", action="store_true",
                            help="ne pas chercher les contours IRIS auprès de l'IGN")
        parser.add_argument("--no-serve", action="store_true",
                            help="charger la démonstration sans lancer le serveur")
        parser.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port d'écoute (8000)")

    def handle(self, *args, **options):
        try:
            data_dir = data_dir_find(options["data"])
            downloading = options["download"] or data_dir is None
            out = Output(write=self._write, tty=sys.stdout.isatty(), steps=9 if downloading else 8)
            out.step("Création / mise à jour de la base de données")
            call_command("migrate", interactive=False, verbosity=0)
            if data_dir is not None:
                out.info(f"Données : {data_dir}")
            report = demo_load(data_dir=data_dir, out=out, download=options["download"],
                               iris_contours=not options["no_iris_contours"])
        except DemoError as error:
            raise Erreur(str(error)) from error

        counts = ", ".join(f"{n} {level_label(level, n)}" for level, n in report.zones.items())
        self.stdout.write(self.style.SUCCESS(f"\nDémonstration prête : {counts}."))
        if report.iris_without_contour:
            self.stdout.write(f"{report.iris_without_contour} IRIS sans contour (listés, "
                              "pas encore dessinés).")
        self.stdout.write("Groupes : " + ", ".join(f"« {g.name} »" for g in DEMO_GROUPS) + ".")
        self.stdout.write(self.accounts_table())
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"], skip_migrate=True)

    def _write(self, text: str) -> None:
        self.stdout.write(text, ending="" if text.startswith("\r") else "\n")
        self.stdout.flush()

    @staticmethod
    def accounts_table() -> str:
        from terreau.accounts.roles import Role

        lines = ["", "Comptes de démonstration (à ne pas garder sur un serveur public) :",
                 f"  {'rôle':<28}{'identifiant':<14}{'mot de passe':<18}groupes"]
        names = {g.slug: g.name for g in DEMO_GROUPS}
        for account in DEMO_ACCOUNTS:
            groups = ", ".join(names[s] for s in account.groups)
            lines.append(f"  {Role(account.role).label:<28}{account.username:<14}"
                         f"{account.password:<18}{groups}")
        return "\n".join(lines) + "\n"
